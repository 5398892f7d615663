package io.warden.daemon.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The on-call's pager for a fleet test: a real HTTP server that receives the {@code webhook}
 * notifier's POSTs (Warden's JSON payload) and keeps one {@link Received} per alert event. Each
 * Warden instance posts to its own path ({@link #url(String)}), so a test sees who sent what.
 */
final class NotificationSink implements AutoCloseable {

    private static final String PATH = "/hook/";

    /** One alert event as the pager got it: from which instance, when, for which cluster, alert key and transition. */
    record Received(String sender, Instant at, String cluster, String key, String type) {

        Transition transition() {
            return new Transition(cluster, key, type);
        }
    }

    /** An alert's change of state on one cluster, e.g. {@code c1 consumer-lag/group=billing FIRED}. */
    record Transition(String cluster, String key, String type) {
    }

    private final HttpServer server;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();

    private NotificationSink(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    static NotificationSink start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        NotificationSink sink = new NotificationSink(server, Clock.systemUTC());
        server.createContext(PATH, sink::handle);
        // one thread per request: a slow answer makes the notifier time out and send again, a duplicate not Warden's doing
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return sink;
    }

    /** Where the instance {@code sender} posts its notifications. */
    String url(String sender) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH + sender;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String sender = exchange.getRequestURI().getPath().substring(PATH.length());
            byte[] body = exchange.getRequestBody().readAllBytes();
            Instant at = clock.instant();
            try {
                JsonNode root = json.readTree(body);
                for (JsonNode event : root.path("events")) {
                    received.add(new Received(sender, at, root.path("cluster").asText(), event.path("key").asText(),
                            event.path("type").asText()));
                }
                exchange.sendResponseHeaders(204, -1);
            } catch (IOException e) {
                unreadable.add(sender + ": " + e.getMessage());
                exchange.sendResponseHeaders(400, -1);
            }
        }
    }

    List<Received> received() {
        if (!unreadable.isEmpty()) {
            throw new AssertionError("notifications that are not Warden's JSON payload: " + unreadable);
        }
        return List.copyOf(received);
    }

    /** How many times each transition reached the pager, from whichever instance. */
    Map<Transition, Long> counts() {
        return received().stream().collect(Collectors.groupingBy(Received::transition, Collectors.counting()));
    }

    long count(String cluster, String key, String type) {
        return counts().getOrDefault(new Transition(cluster, key, type), 0L);
    }

    /** The events {@code sender} posted after {@code since}. */
    List<Received> from(String sender, Instant since) {
        return received().stream().filter(r -> r.sender().equals(sender) && r.at().isAfter(since)).toList();
    }

    Map<String, Long> bySender(Function<Received, Boolean> which) {
        return received().stream().filter(which::apply).collect(Collectors.groupingBy(Received::sender, Collectors.counting()));
    }

    void clear() {
        received.clear();
        unreadable.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
