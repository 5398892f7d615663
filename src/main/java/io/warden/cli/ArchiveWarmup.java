package io.warden.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.protect.Manifest;
import io.warden.protect.metadata.PartitionOffset;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;

/**
 * Run once by the launcher to make the class-data archive: goes through what every command starts
 * with (building, parsing and running a command line, JSON both ways, the admin client, consumer
 * and producer up to their first failed connection) against a port nothing listens on, so the
 * archive serves a restore as well as the backup or lag check that happened to run first. The
 * JVM archives only the classes a run linked: a class merely loaded is read from its jar again on
 * every start. Prints nothing; its exit code says whether it got through.
 */
public final class ArchiveWarmup {

    private static final String NOWHERE = "127.0.0.1:9";
    private static final Duration TRY = Duration.ofMillis(200);

    private ArchiveWarmup() {
    }

    public static void main(String[] args) throws Exception {
        CommandLine cli = WardenCommand.commandLine();
        cli.getSubcommands().values().forEach(c -> c.getUsageMessage(CommandLine.Help.Ansi.OFF));
        PrintWriter nowhere = new PrintWriter(Writer.nullWriter());
        cli.setOut(nowhere).setErr(nowhere).execute("backup", "create", "--help");
        WardenCommand.commandLine("restore").parseArgs("restore", "/nonexistent", "-b", NOWHERE, "--rename", "a=b", "--execute");
        ObjectMapper json = new ObjectMapper();
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, "2026-01-01T00:00:00Z", "warm-up",
                List.of(new Manifest.Topic("t", 1, Map.of("k", "v"), List.of(new Manifest.Partition(0, 0, 1, 1,
                        List.of(new Manifest.SegmentFile("t/0/x.seg", 0, 0, 1, 1, "0")))))),
                Map.of("g", List.of(new PartitionOffset("t", 0, 1))));
        json.readValue(json.writeValueAsBytes(manifest), Manifest.class);

        Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", NOWHERE));
        try {
            admin.listTopics(new ListTopicsOptions().timeoutMs((int) TRY.toMillis())).names().get();
        } catch (Exception expected) {
            // nothing listens there: the classes of a request and its failure are loaded and linked
        } finally {
            admin.close(Duration.ZERO);
        }
        Map<String, Object> props = Map.of("bootstrap.servers", NOWHERE, "transactional.id", "warden-archive-warmup",
                "enable.idempotence", "true", "max.block.ms", (int) TRY.toMillis());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException expected) {
            // as above
        } finally {
            producer.close(Duration.ZERO);
        }
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", NOWHERE),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            consumer.assign(List.of(new TopicPartition("t", 0)));
            consumer.seek(new TopicPartition("t", 0), 0);
            consumer.poll(TRY);
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
        }
    }
}
