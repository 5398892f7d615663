package io.warden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch daemon's HTTP endpoint, on the JDK's built-in server: {@code GET /metrics} (Prometheus
 * text format) and {@code GET /health} (JSON, 200 when UP, 503 when DOWN). Only GET and HEAD are
 * allowed. Lifecycle: construct, {@link #start()}, {@link #close()}; one instance starts once.
 */
public final class WardenServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WardenServer.class);
    private static final int THREADS = 2; // scrapes and probes are rare and cheap; two keep one slow client from blocking

    private final ServerSettings settings;
    private final Map<String, Supplier<Response>> routes = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private HttpServer server;
    private ExecutorService executor;
    private int port = -1;
    private boolean closed;

    public WardenServer(ServerSettings settings, WardenMetrics metrics, HealthStatus health) {
        this.settings = Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(health, "health");
        routes.put("/metrics", () -> new Response(200, PrometheusTextFormatWriter.CONTENT_TYPE,
                metrics.scrape().getBytes(StandardCharsets.UTF_8)));
        routes.put("/health", () -> {
            HealthStatus.Report report = health.check();
            return Response.json(report.httpStatus(), health.toJson(report));
        });
    }

    /** Binds and starts serving; fails if the address is taken. Returns this for chaining. */
    public synchronized WardenServer start() throws IOException {
        if (server != null || closed) {
            throw new IllegalStateException("server was already started");
        }
        HttpServer http = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
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
        log.info("event=http_started host={} port={}", settings.host(), port);
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

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            Response response = respond(method, exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (response.status() == 405) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            }
            boolean head = "HEAD".equals(method);
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (IOException e) {
            log.debug("event=http_write_failed reason=\"{}\"", e.getMessage()); // the client went away
        }
    }

    private Response respond(String method, String path) {
        Supplier<Response> route = routes.get(path);
        if (route == null) {
            return error(404, "not found", path);
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return error(405, "method " + method + " not allowed, use GET or HEAD", path);
        }
        try {
            return route.get();
        } catch (RuntimeException e) {
            log.error("event=http_handler_failed path={} reason=\"{}\"", path, e.toString(), e);
            return error(500, "internal error: " + e.getMessage(), path);
        }
    }

    private Response error(int status, String message, String path) {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", status);
        body.put("error", message);
        body.put("path", path);
        try {
            return Response.json(status, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Response(int status, String contentType, byte[] body) {

        static Response json(int status, String body) {
            return new Response(status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }
}
