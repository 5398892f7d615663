package io.warden.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Kafka Connect cluster's REST API. Workers are tried in configured order; any
 * worker serves the whole cluster's status and forwards restarts to the leader itself, so the
 * first that answers is enough. {@link #status()} never throws for a worker that does not answer:
 * that is a fact it reports. Restarts throw {@link ConnectApiException} with the HTTP status and
 * Connect's message. Nothing this class produces contains the basic auth password.
 */
public final class ConnectClient {

    private static final Logger log = LoggerFactory.getLogger(ConnectClient.class);
    static final String STATUS_PATH = "/connectors?expand=status&expand=info";
    private static final String MASK = "****";

    private final ConnectSettings settings;
    private final Clock clock;
    private HttpClient http; // made on the first request: the JDK starts its selector thread as it makes one
    private final String authorization;

    public ConnectClient(ConnectSettings settings) {
        this(settings, Clock.systemUTC());
    }

    public ConnectClient(ConnectSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        // preemptive: Connect's BasicAuthSecurityRestExtension answers 401 without a challenge to retry on
        this.authorization = settings.basicAuth() ? "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8)) : null;
    }

    /**
     * Lets go of the HTTP client; the next request makes another. Java 17's HttpClient cannot be
     * closed: its selector thread ends once nothing refers to it.
     */
    public synchronized void close() {
        http = null;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(settings.timeout())
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }
        return http;
    }

    /**
     * Every connector with its tasks, in one request to the first worker that answers, and whether
     * each of the other workers answers at all (one light request each, sent concurrently).
     */
    public ConnectStatus status() throws InterruptedException {
        Instant takenAt = clock.instant();
        List<URI> workers = settings.workers();
        List<WorkerProbe> probes = new ArrayList<>();
        List<ConnectorStatus> connectors = null;
        int next = 0;
        while (connectors == null && next < workers.size()) {
            URI worker = workers.get(next++);
            Reply reply;
            try {
                reply = send(worker, "GET", STATUS_PATH);
            } catch (IOException e) {
                probes.add(silent(worker, e));
                continue;
            }
            if (!reply.ok()) {
                probes.add(new WorkerProbe(worker.toString(), reply.status(), scrub(reply.describe())));
                continue;
            }
            try {
                connectors = ConnectJson.connectors(reply.body());
                probes.add(WorkerProbe.ok(worker.toString(), reply.status()));
            } catch (JsonProcessingException e) {
                probes.add(new WorkerProbe(worker.toString(), reply.status(),
                        scrub("answered HTTP " + reply.status() + " but not with Connect's connector list: " + e.getOriginalMessage())));
            }
        }
        List<CompletableFuture<WorkerProbe>> pings = workers.subList(next, workers.size()).stream().map(this::ping).toList();
        for (CompletableFuture<WorkerProbe> ping : pings) {
            probes.add(await(ping));
        }
        return new ConnectStatus(takenAt, probes, connectors == null ? List.of() : connectors);
    }

    /**
     * Restarts the connector's failed instance and failed tasks ({@code includeTasks=true&onlyFailed=true},
     * Connect 3.0 and later). Returns the states Connect reported on accepting the restart
     * (RESTARTING for what it restarts), or empty when it answered without a body: a Connect older
     * than 3.0 ignores the parameters and restarts only the connector instance.
     */
    public Optional<ConnectorStatus> restartConnector(String connector) throws InterruptedException {
        String path = "/connectors/" + segment(connector) + "/restart?includeTasks=true&onlyFailed=true";
        Answered answered = sendToFirstAnswering("POST", path);
        log.info("connect-restart connector={} worker={} status={}", connector, answered.worker(), answered.reply().status());
        String body = answered.reply().body();
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ConnectJson.connector(body));
        } catch (JsonProcessingException e) {
            throw new ConnectApiException(scrub("POST " + answered.worker() + path + " accepted the restart but answered "
                    + "with something that is not a connector status: " + e.getOriginalMessage()),
                    answered.worker().toString(), answered.reply().status(), "");
        }
    }

    /** Restarts one task of a connector, whatever its state. */
    public void restartTask(String connector, int task) throws InterruptedException {
        String path = "/connectors/" + segment(connector) + "/tasks/" + task + "/restart";
        Answered answered = sendToFirstAnswering("POST", path);
        log.info("connect-restart connector={} task={} worker={} status={}", connector, task, answered.worker(),
                answered.reply().status());
    }

    /** Every connector's config, by name ({@code GET /connectors?expand=info}). */
    public java.util.Map<String, java.util.Map<String, String>> connectorConfigs() throws InterruptedException {
        Answered answered = sendToFirstAnswering("GET", "/connectors?expand=info", null);
        try {
            return ConnectJson.configs(answered.reply().body());
        } catch (JsonProcessingException e) {
            throw new ConnectApiException(scrub("GET " + answered.worker() + "/connectors?expand=info answered with something "
                    + "that is not Connect's connector list: " + e.getOriginalMessage()), answered.worker().toString(),
                    answered.reply().status(), "");
        }
    }

    /** Creates the connector, or updates its config ({@code PUT /connectors/NAME/config}). */
    public void putConnectorConfig(String connector, java.util.Map<String, String> config) throws InterruptedException {
        String path = "/connectors/" + segment(connector) + "/config";
        Answered answered = sendToFirstAnswering("PUT", path, ConnectJson.write(config));
        log.info("connect-put-config connector={} worker={} status={}", connector, answered.worker(), answered.reply().status());
    }

    private record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status <= 299;
        }

        String describe() {
            String message = ConnectJson.errorMessage(body);
            return "answered HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        }
    }

    private record Answered(URI worker, Reply reply) {
    }

    /** A worker that answers with an error ends the request: another worker would give the same answer. */
    private Answered sendToFirstAnswering(String method, String path) throws InterruptedException {
        return sendToFirstAnswering(method, path, null);
    }

    private Answered sendToFirstAnswering(String method, String path, String json) throws InterruptedException {
        List<String> silent = new ArrayList<>();
        for (URI worker : settings.workers()) {
            Reply reply;
            try {
                reply = send(worker, method, path, json);
            } catch (IOException e) {
                silent.add(worker + " " + silent(worker, e).error());
                continue;
            }
            if (!reply.ok()) {
                throw new ConnectApiException(scrub(method + " " + worker + path + " " + reply.describe()),
                        worker.toString(), reply.status(), scrub(ConnectJson.errorMessage(reply.body())));
            }
            return new Answered(worker, reply);
        }
        throw new ConnectApiException(scrub("no Connect worker answered " + method + " " + path + ": "
                + String.join("; ", silent)), null, 0, "");
    }

    private Reply send(URI worker, String method, String pathAndQuery) throws IOException, InterruptedException {
        return send(worker, method, pathAndQuery, null);
    }

    private Reply send(URI worker, String method, String pathAndQuery, String json) throws IOException, InterruptedException {
        HttpResponse<String> response = http().send(request(worker, method, pathAndQuery, json),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), response.body());
    }

    /** {@code GET /} answers with the worker's version: the cheapest proof that it is up and lets us in. */
    private CompletableFuture<WorkerProbe> ping(URI worker) {
        return http().sendAsync(request(worker, "GET", "/"), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        return silent(worker, failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure);
                    }
                    Reply reply = new Reply(response.statusCode(), response.body());
                    if (!reply.ok()) {
                        return new WorkerProbe(worker.toString(), reply.status(), scrub(reply.describe()));
                    }
                    // a URL pointing at the wrong service answers 200 too
                    return ConnectJson.isWorkerInfo(reply.body()) ? WorkerProbe.ok(worker.toString(), reply.status())
                            : new WorkerProbe(worker.toString(), reply.status(), "answered HTTP " + reply.status()
                                    + " but not as a Connect worker (no version in GET /)");
                });
    }

    private static WorkerProbe await(CompletableFuture<WorkerProbe> ping) throws InterruptedException {
        try {
            return ping.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a worker probe failed inside Warden: " + e.getCause(), e.getCause());
        }
    }

    private HttpRequest request(URI worker, String method, String pathAndQuery) {
        return request(worker, method, pathAndQuery, null);
    }

    private HttpRequest request(URI worker, String method, String pathAndQuery, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(worker + pathAndQuery))
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .header("User-Agent", "warden")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.build();
    }

    private WorkerProbe silent(URI worker, Throwable e) {
        String why;
        if (e instanceof HttpTimeoutException) {
            why = "did not answer within " + settings.timeout().toMillis() + " ms";
        } else if (causedBy(e, UnresolvedAddressException.class)) {
            why = "did not answer: host " + worker.getHost() + " not found";
        } else if (e instanceof java.net.ConnectException) {
            // the JDK's client gives no text for a refused connection, only exception classes
            why = "did not answer: could not connect (" + chain(e) + ")";
        } else {
            why = "did not answer: " + chain(e);
        }
        log.debug("connect-worker-silent worker={} error={}", worker, scrub(why));
        return new WorkerProbe(worker.toString(), 0, scrub(why));
    }

    /** "Class: message <- Class: message", repeats left out: the JDK's failures keep the reason in causes. */
    private static String chain(Throwable e) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            String part = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
            if (parts.isEmpty() || !parts.get(parts.size() - 1).equals(part)) {
                parts.add(part);
            }
        }
        return String.join(" <- ", parts);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Belt and braces: nothing here puts the credentials into a message, but replies and JDK
     * exceptions are not ours. Passwords under four characters are left alone, since masking
     * them would mask ordinary letters of the message.
     */
    private String scrub(String text) {
        if (text == null || authorization == null) {
            return text;
        }
        String out = text.replace(authorization.substring("Basic ".length()), MASK);
        return settings.password().length() >= 4 ? out.replace(settings.password(), MASK) : out;
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "ConnectClient[" + settings + "]";
    }
}
