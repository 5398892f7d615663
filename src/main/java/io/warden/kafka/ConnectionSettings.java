package io.warden.kafka;

import io.warden.InputFiles;
import io.warden.WardenException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How to reach a cluster, as Kafka's own tools take it: a bootstrap list and client properties
 * (SASL, SSL, ...) from a {@code --command-config} file or the config's {@code client} map.
 *
 * @param bootstrapServers host:port list
 * @param clientProperties Kafka client properties; values may be secrets and are never logged
 * @param timeout          bound on each Admin call and on the whole connection attempt
 */
public record ConnectionSettings(String bootstrapServers, Map<String, String> clientProperties, Duration timeout) {

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passphrase|secret|jaas|token|key)$|.*jaas.*");

    public ConnectionSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new WardenException(WardenException.USAGE,
                    "no bootstrap server given: pass --bootstrap-server HOST:PORT or set cluster.bootstrap-servers in the config");
        }
        clientProperties = Map.copyOf(clientProperties);
    }

    /** Reads a Kafka client properties file the way {@code kafka-*.sh --command-config} does. */
    public static ConnectionSettings of(String bootstrapServers, Path commandConfig, Duration timeout) {
        return new ConnectionSettings(bootstrapServers,
                commandConfig == null ? Map.of() : readProperties(commandConfig), timeout);
    }

    static Map<String, String> readProperties(Path file) {
        Properties props = InputFiles.readProperties(file, "command config");
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }

    /** The timeout as Kafka's clients take it: int milliseconds, at most {@link Integer#MAX_VALUE} (24.8 days). */
    public int timeoutMillis() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Properties for an Admin client: the user's, then bootstrap and timeouts. */
    public Map<String, Object> adminProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        props.putIfAbsent("request.timeout.ms", timeoutMillis());
        props.putIfAbsent("default.api.timeout.ms", timeoutMillis());
        // don't hammer an unreachable cluster; fail within the timeout instead
        props.putIfAbsent("reconnect.backoff.max.ms", 1000);
        props.putIfAbsent("client.id", "warden-admin");
        quietMetrics(props);
        return props;
    }

    /** Properties for a read-only consumer that never joins a group nor commits. */
    public Map<String, Object> consumerProperties() {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put("bootstrap.servers", bootstrapServers);
        props.put("enable.auto.commit", false);
        props.remove("group.id");
        props.putIfAbsent("client.id", "warden-reader");
        props.putIfAbsent("request.timeout.ms", timeoutMillis());
        props.putIfAbsent("default.api.timeout.ms", timeoutMillis());
        quietMetrics(props);
        return props;
    }

    /**
     * Warden reports on the cluster, not on its own clients: no JMX beans (a consumer registers
     * some per partition, which costs seconds over thousands of partitions) and no client
     * telemetry pushed to the brokers, unless the user's properties ask for them.
     */
    private static void quietMetrics(Map<String, Object> props) {
        props.putIfAbsent("metric.reporters", "");
        props.putIfAbsent("enable.metrics.push", false);
    }

    /** The properties with secret values masked, safe for logs and error messages. */
    public Map<String, String> redacted() {
        Map<String, String> out = new TreeMap<>();
        clientProperties.forEach((k, v) -> out.put(k, SECRET_KEY.matcher(k).matches() ? "[hidden]" : v));
        return out;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[bootstrapServers=" + bootstrapServers + ", clientProperties=" + redacted()
                + ", timeout=" + timeout + "]";
    }
}
