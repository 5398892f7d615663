package io.warden.cli;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * Run once by the launcher to make the class-data archive: loads the classes every command
 * starts with (the command model, the admin client, consumer and producer)
 * without talking to any Kafka, so the archive serves a restore as well as the backup or lag
 * check that happened to run first. Prints nothing; its exit code says whether it got through.
 */
public final class ArchiveWarmup {

    private ArchiveWarmup() {
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new WardenCommand());
        cli.getSubcommands().values().forEach(c -> c.getUsageMessage(CommandLine.Help.Ansi.OFF));
        // a port nothing listens on: the clients are built and closed before they would connect
        Map<String, Object> props = Map.of("bootstrap.servers", "127.0.0.1:9", "transactional.id", "warden-archive-warmup",
                "enable.idempotence", "true");
        Admin.create(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9")).close(Duration.ZERO);
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer()).close(Duration.ZERO);
        new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", "127.0.0.1:9"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()).close(CloseOptions.timeout(Duration.ZERO));
    }
}
