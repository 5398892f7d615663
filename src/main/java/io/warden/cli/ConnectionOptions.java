package io.warden.cli;

import io.warden.kafka.ConnectionSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How to reach the cluster, named as Kafka's own tools name it. */
final class ConnectionOptions {

    @Option(names = {"-b", "--bootstrap-server"}, paramLabel = "HOST:PORT",
            description = "Kafka brokers to connect to (default: $WARDEN_BOOTSTRAP_SERVER, else localhost:9092).")
    String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client properties file (SASL PLAIN, SCRAM or OAUTHBEARER; SSL, mTLS), as for kafka-consumer-groups.sh.")
    Path commandConfig;

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.Timeout.class,
            description = "Bound on each request to Kafka, more than 0 and at most 24d (default: 10s).")
    Duration timeout;

    @Option(names = "--verbose", description = "Log debug output and print stack traces on errors.")
    boolean verbose;

    ConnectionSettings settings() {
        String bootstrap = bootstrapServer != null ? bootstrapServer
                : System.getenv().getOrDefault("WARDEN_BOOTSTRAP_SERVER", "localhost:9092");
        return ConnectionSettings.of(bootstrap, commandConfig, timeout == null ? DEFAULT_TIMEOUT : timeout);
    }
}
