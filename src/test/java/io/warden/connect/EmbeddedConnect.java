package io.warden.connect;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

/**
 * One real Kafka Connect worker in distributed mode, in this JVM, against a given Kafka; its REST
 * listener takes a free port. Internal topics and group get a fresh name per worker so several
 * can share one broker.
 *
 * <p>Plugins are discovered only through META-INF/services ({@code plugin.discovery=service_load}):
 * the default {@code hybrid_warn} also scans the whole test classpath reflectively, which makes the
 * worker start in ~10 s instead of ~2.5 s. A connector without a manifest is then not listed by
 * {@code /connector-plugins} and has no alias, although its full class name still loads from the
 * classpath; the test connector has one in src/test/resources.
 */
public final class EmbeddedConnect implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Connect<?> connect;
    private final String url;

    private EmbeddedConnect(Connect<?> connect) {
        this.connect = connect;
        String advertised = connect.rest().advertisedUrl().toString();
        this.url = advertised.endsWith("/") ? advertised.substring(0, advertised.length() - 1) : advertised;
    }

    public static EmbeddedConnect start(String bootstrapServers) {
        String id = "warden-connect-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", id);
        props.put("config.storage.topic", id + "-configs");
        props.put("offset.storage.topic", id + "-offsets");
        props.put("status.storage.topic", id + "-status");
        for (String store : new String[] {"config", "offset", "status"}) {
            props.put(store + ".storage.replication.factor", "1");
        }
        props.put("offset.storage.partitions", "1");
        props.put("status.storage.partitions", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.discovery", "service_load");
        // Connect exits the JVM on fatal errors and registers a JVM shutdown hook: here the test owns both
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Connect asked to exit with " + code + ": " + message);
        });
        Exit.setShutdownHookAdder((name, hook) -> { });
        Connect<?> connect;
        try {
            connect = new ConnectDistributed().startConnect(props);
        } catch (RuntimeException e) {
            Exit.resetExitProcedure();
            throw e;
        } finally {
            Exit.resetShutdownHookAdder();
        }
        EmbeddedConnect worker = new EmbeddedConnect(connect);
        try {
            worker.awaitReady();
        } catch (RuntimeException | Error e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /** The worker's REST base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return url;
    }

    /** Creates or reconfigures a connector ({@code PUT /connectors/NAME/config}). */
    public void configure(String connector, Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(config))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() / 100 != 2) {
            throw new IllegalStateException("PUT connector " + connector + " answered " + reply.statusCode() + ": " + reply.body());
        }
    }

    /** Class names of the connector plugins the worker discovered ({@code GET /connector-plugins}). */
    String connectorPlugins() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/connector-plugins?connectorsOnly=true")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** {@code GET /health} is 200 once the worker has joined its group and read its configs. */
    private void awaitReady() {
        await("Connect worker " + url + " ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (connect.herderTask() != null && connect.herderTask().isDone()) {
                        connect.herderTask().get(); // throws the herder's start-up failure
                        throw new IllegalStateException("Connect herder stopped during start-up");
                    }
                    return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                });
    }

    @Override
    public void close() {
        try {
            connect.stop();
        } finally {
            Exit.resetExitProcedure();
        }
    }
}
