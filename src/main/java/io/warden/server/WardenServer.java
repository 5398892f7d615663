package io.warden.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.warden.WardenException;
import io.warden.server.ApiToken.Role;
import io.warden.server.BearerAuth.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch daemon's HTTP endpoint, on the JDK's built-in server: {@code GET /metrics} (Prometheus
 * text format), {@code GET /health} (JSON, 200 when UP, 503 when DOWN) and, when given an
 * {@link ApiBackend}, the REST API under {@code /api} behind bearer tokens (see {@link ApiSettings}),
 * over HTTPS when a keystore is configured. Lifecycle: construct, {@link #start()}, {@link #close()};
 * one instance starts once.
 */
public final class WardenServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WardenServer.class);
    private static final int THREADS = 4; // requests are rare and cheap; a few keep one slow client from blocking the rest
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String CHALLENGE = "Bearer realm=\"warden\"";

    private final ServerSettings settings;
    private final Routes routes = new Routes();
    private final BearerAuth auth; // null when auth is off
    private final SSLContext ssl; // null for plain HTTP
    private final boolean api;
    private HttpServer server;
    private ExecutorService executor;
    private int port = -1;
    private boolean closed;

    /** Only {@code /metrics} and {@code /health}, open, over plain HTTP: no API. */
    public WardenServer(ServerSettings settings, WardenMetrics metrics, HealthStatus health) {
        this(settings, metrics, health, ApiSettings.unauthenticated(), null);
    }

    /**
     * With the REST API over {@code backend}, guarded and served as {@code api} says.
     *
     * @throws WardenException when the TLS keystore cannot be opened
     */
    public WardenServer(ServerSettings settings, WardenMetrics metrics, HealthStatus health, ApiSettings api,
                        ApiBackend backend) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(api, "api");
        this.api = backend != null;
        this.auth = api.authEnabled() ? new BearerAuth(api.tokens()) : null;
        this.ssl = api.tls() == null ? null : api.tls().sslContext(); // fail now, not at the first request
        Role scrape = api.protectMetrics() ? Role.VIEWER : null;
        routes.add("GET", "/metrics", scrape, r -> new Response(200, PrometheusTextFormatWriter.CONTENT_TYPE,
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        routes.add("GET", "/health", scrape, r -> {
            HealthStatus.Report report = health.check();
            return Response.json(report.httpStatus(), health.toJson(report));
        });
        if (backend != null) {
            new ApiRoutes(backend).addTo(routes);
        }
    }

    /** Binds and starts serving; fails if the address is taken. Returns this for chaining. */
    public synchronized WardenServer start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("server was already started");
        }
        var address = new InetSocketAddress(settings.host(), settings.port());
        HttpServer http;
        if (ssl != null) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(ssl));
            http = https;
        } else {
            http = HttpServer.create(address, 0);
        }
        AtomicInteger threadNo = new AtomicInteger();
        executor = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "warden-http-" + threadNo.incrementAndGet());
            t.setDaemon(true); // never keep the JVM alive on its own
            return t;
        });
        http.setExecutor(executor);
        // one root context: the JDK matches contexts by prefix, and /metricsfoo must be a 404
        http.createContext("/", this::handle);
        http.start();
        server = http;
        port = http.getAddress().getPort();
        log.info("event=http_started host={} port={} scheme={} api={} auth={}", settings.host(), port,
                ssl == null ? "http" : "https", api ? "on" : "off", auth == null ? "off" : "on");
        warnIfExposed(address);
        return this;
    }

    /** The bound port, the real one when the settings asked for 0; -1 before {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** Stops accepting and drops in-flight exchanges; returns within about a second. */
    @Override
    public synchronized void close() {
        if (server == null || closed) {
            closed = true;
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(500, TimeUnit.MILLISECONDS)) {
                log.warn("event=http_stop_slow port={} reason=\"handler threads still busy\"", port);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("event=http_stopped port={}", port);
    }

    private void warnIfExposed(InetSocketAddress address) {
        if (api && auth == null) {
            log.warn("event=http_auth_off reason=\"http.auth.enabled is false: anyone who can reach port {} can read "
                    + "alerts and change silences\"", port);
        } else if (api && ssl == null && !loopback(address.getAddress())) {
            log.warn("event=http_plaintext reason=\"bearer tokens cross the network unencrypted; configure http.tls\"");
        }
    }

    private static boolean loopback(InetAddress address) {
        return address != null && address.isLoopbackAddress();
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Response response = respond(exchange, method, exchange.getRequestURI().getRawPath());
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", response.contentType());
            headers.set("Cache-Control", "no-store");
            headers.set("X-Content-Type-Options", "nosniff");
            response.headers().forEach(headers::set);
            boolean noBody = "HEAD".equals(method) || response.status() == 204;
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (IOException e) {
            log.debug("event=http_write_failed reason=\"{}\"", e.getMessage()); // the client went away
        }
    }

    private Response respond(HttpExchange exchange, String method, String path) {
        Routes.Match match = routes.match(path);
        Caller caller = auth == null ? Caller.ANONYMOUS : null;
        // authenticate before saying whether a path or method exists, so a stranger learns nothing of the API
        boolean guarded = match == null ? path.startsWith("/api/") || path.equals("/api") : match.route().guarded();
        if (caller == null && guarded) {
            List<String> authorization = exchange.getRequestHeaders().get("Authorization");
            caller = auth.authenticate(authorization);
            if (caller == null) {
                denied(exchange, 401, authorization == null ? "no_token" : "bad_token", null);
                return Response.error(401, "authentication required", null).withHeader("WWW-Authenticate", CHALLENGE);
            }
        }
        if (match == null) {
            return Response.error(404, "not found", path);
        }
        Routes.Endpoint endpoint = match.route().endpoint(method);
        if (endpoint == null) {
            return Response.error(405, "method " + method + " not allowed, use " + match.route().allow(), path)
                    .withHeader("Allow", match.route().allow());
        }
        if (endpoint.role() != null && !caller.role().allows(endpoint.role())) {
            denied(exchange, 403, "role", caller);
            return Response.error(403, "the " + caller.role() + " role cannot do this; an " + endpoint.role()
                    + " token is needed", null).withHeader("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\"");
        }
        byte[] body;
        try {
            body = "GET".equals(method) || "HEAD".equals(method) ? new byte[0] : readBody(exchange);
        } catch (IOException e) {
            return Response.error(400, "the request body could not be read", path);
        }
        if (body == null) {
            return Response.error(413, "the request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB", path);
        }
        try {
            return endpoint.handler().apply(new Routes.Request(method, path, match.id(), body, caller));
        } catch (WardenException e) {
            if (e.exitCode() == WardenException.USAGE) {
                return Response.error(400, e.getMessage(), path);
            }
            return failed(method, path, e);
        } catch (RuntimeException e) {
            return failed(method, path, e);
        }
    }

    /** The body, or null when it is over the limit. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static Response failed(String method, String path, RuntimeException e) {
        // the details may name files or hosts: they go to the log, the caller gets a pointer to it
        log.error("event=http_handler_failed method={} path={} reason=\"{}\"", method, path, e.toString(), e);
        return Response.error(500, "internal error; see the Warden log", path);
    }

    private static void denied(HttpExchange exchange, int status, String reason, Caller caller) {
        InetSocketAddress remote = exchange.getRemoteAddress();
        String path = exchange.getRequestURI().getRawPath();
        log.warn("event=http_denied status={} reason={} method={} path={} remote={}:{} token={}", status, reason,
                exchange.getRequestMethod(), path.length() > 200 ? path.substring(0, 200) + "..." : path,
                remote.getAddress().getHostAddress(), remote.getPort(), caller == null ? "-" : caller.name());
    }
}
