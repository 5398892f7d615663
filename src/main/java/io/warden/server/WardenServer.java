package io.warden.server;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.warden.Lifecycle;
import io.warden.WardenException;
import io.warden.server.ApiToken.Role;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch daemon's HTTP endpoint: {@code GET /metrics} (Prometheus text format), {@code GET
 * /health} and {@code /health/ready} (every watched cluster answers: JSON, 200 when UP, 503 when
 * DOWN), {@code GET /health/live} (Warden's own loops run, see {@link HealthStatus}) and, when given an {@link ApiBackend}, the REST API
 * under {@code /api} behind bearer tokens (see {@link ApiSettings}), over HTTPS when a keystore is
 * configured. Lifecycle: construct, {@link #start()}, {@link #close(Duration)}; one instance starts once.
 *
 * <p>A liveness probe must get its answer whatever other clients do, so the endpoint runs on Jetty,
 * which reads requests without holding a thread: a client that connects and stalls, sends half its
 * headers or announces a body it never sends costs a socket, not a thread. Each connection serves
 * one request and must deliver it whole within {@link ServerSettings#requestTimeout()} or is closed
 * ({@link RequestDeadline}); a body is at most 64 KiB.
 */
public final class WardenServer implements Lifecycle, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WardenServer.class);
    private static final int MAX_THREADS = 16; // endpoints answer from memory; no client holds a thread for long
    static final int MAX_BODY_BYTES = EndpointHandler.MAX_BODY_BYTES;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private final ServerSettings settings;
    private final Routes routes = new Routes();
    private final BearerAuth auth; // null when auth is off
    private final ConsoleSessions sessions; // null when auth is off
    private final SSLContext ssl; // null for plain HTTP
    private final boolean api;
    private Server server;
    private int port = -1;
    private boolean closed;
    /** The console's routes, whose on-demand reads run on their own threads; null without the API. */
    private ConsoleRoutes console;

    /** Only {@code /metrics} and {@code /health}, open, over plain HTTP: no API. */
    public WardenServer(ServerSettings settings, WardenMetrics metrics, HealthStatus health) {
        this(settings, metrics, health, ApiSettings.unauthenticated(), null);
    }

    /**
     * With the REST API over {@code backend}, guarded and served as {@code api} says (not at all when
     * it has no tokens to guard it with).
     *
     * @throws WardenException when the TLS keystore cannot be opened
     */
    public WardenServer(ServerSettings settings, WardenMetrics metrics, HealthStatus health, ApiSettings api,
                        ApiBackend backend) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(api, "api");
        this.api = backend != null && api.servesApi();
        this.auth = api.authEnabled() ? new BearerAuth(api.tokens()) : null;
        this.ssl = api.tls() == null ? null : api.tls().sslContext(); // fail now, not at the first request
        this.sessions = auth == null ? null : new ConsoleSessions(health.clock(), ssl != null);
        Role scrape = api.protectMetrics() ? Role.VIEWER : null;
        routes.add("GET", "/metrics", scrape, r -> new Response(200, PrometheusTextFormatWriter.CONTENT_TYPE,
                metrics.scrapeBytes()));
        java.util.function.Function<Routes.Request, Response> ready = r -> {
            // why a cluster is down may name hosts and users: only for callers with a token
            HealthStatus.Report report = health.check(withToken(r));
            return Response.json(report.httpStatus(), health.toJson(report));
        };
        routes.add("GET", "/health", scrape, ready);
        routes.add("GET", "/health/ready", scrape, ready);
        // open even when /metrics is protected: a process supervisor asks without a token, and
        // without one the answer names no host and no error
        routes.add("GET", "/health/live", null, r -> {
            HealthStatus.LiveReport report = health.live(withToken(r));
            return Response.json(report.httpStatus(), health.toJson(report));
        });
        if (this.api) {
            new ApiRoutes(backend).addTo(routes);
            console = new ConsoleRoutes(backend, auth, sessions, health.clock());
            console.addTo(routes);
        } else if (backend != null) {
            log.info("event=api_off reason=\"no http.auth.tokens configured; /metrics and /health only\"");
        }
    }

    private static boolean withToken(Routes.Request r) {
        return r.caller() != null && r.caller().authenticated();
    }

    /**
     * Binds and starts serving. Returns this for chaining.
     *
     * @throws WardenException (unreachable, 69) when the address cannot be bound, e.g. it is taken
     */
    @Override
    public synchronized WardenServer start() {
        if (server != null || closed) {
            throw new IllegalStateException("server was already started");
        }
        var threads = new QueuedThreadPool(MAX_THREADS, 2);
        threads.setName("warden-http");
        threads.setDaemon(true); // never keep the JVM alive on its own
        var scheduler = new ScheduledExecutorScheduler("warden-http-deadlines", true);
        Server jetty = new Server(threads, scheduler, null);
        jetty.setStopTimeout(0);
        var deadline = new RequestDeadline(scheduler, settings.requestTimeout());

        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setRequestHeaderSize(MAX_HEADER_BYTES);
        config.setPersistentConnectionsEnabled(false); // one request per connection: the request's deadline is the connection's
        var http = new HttpConnectionFactory(config);
        ServerConnector connector;
        if (ssl == null) {
            connector = new ServerConnector(jetty, 1, 1, http);
        } else {
            var tls = new SslContextFactory.Server();
            tls.setSslContext(ssl);
            connector = new ServerConnector(jetty, 1, 1, new SslConnectionFactory(tls, http.getProtocol()), http);
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.requestTimeout().toMillis());
        connector.addBean(deadline);
        jetty.addConnector(connector);
        var handler = new EndpointHandler(routes, auth, sessions, deadline, threads);
        jetty.setHandler(handler);
        jetty.setErrorHandler(handler::refused);
        try {
            jetty.start();
        } catch (Exception e) {
            stop(jetty);
            throw new WardenException(WardenException.UNAVAILABLE, "cannot serve HTTP on " + settings.host() + ":"
                    + settings.port() + " (" + e.getMessage() + "); pick another http.port or stop what uses it", e);
        }
        server = jetty;
        port = connector.getLocalPort();
        log.info("event=http_started host={} port={} scheme={} api={} auth={}", settings.host(), port,
                ssl == null ? "http" : "https", api ? "on" : "off", auth == null ? "off" : "on");
        warnIfExposed(new InetSocketAddress(settings.host(), port));
        return this;
    }

    /** The bound port, the real one when the settings asked for 0; -1 before {@link #start()}. */
    public synchronized int port() {
        return port;
    }

    /** Stops accepting and drops in-flight exchanges; returns within about a second. */
    @Override
    public void close() {
        close(Duration.ofSeconds(1));
    }

    /**
     * Stops accepting and drops in-flight exchanges: they are answers read from memory, and a client
     * that stalls must not hold the daemon's shutdown.
     *
     * @return false when Jetty did not stop cleanly
     */
    @Override
    public synchronized boolean close(Duration timeout) {
        if (console != null) {
            console.close(); // a page's read still running ends with the clients it reads through
        }
        if (server == null || closed) {
            closed = true;
            return true;
        }
        closed = true;
        boolean clean = stop(server);
        log.info("event=http_stopped port={}", port);
        return clean;
    }

    private static boolean stop(Server jetty) {
        try {
            jetty.stop();
            return jetty.isStopped();
        } catch (Exception e) {
            log.warn("event=http_stop_failed reason=\"{}\"", e.toString());
            return false;
        }
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
}
