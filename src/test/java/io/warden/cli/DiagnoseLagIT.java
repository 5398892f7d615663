package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a consumer that owns all four partitions of a topic, has read three of them to the end and
 * is stuck at the start of the fourth, which holds 500 messages, when the operator runs
 * {@code warden diagnose lag}, then it says the lag is skewed to that partition and nothing is
 * being committed.
 */
class DiagnoseLagIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static EmbeddedKafka kafka;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("events", 4, (short) 1)));
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < 10; i++) {
                    producer.send(new ProducerRecord<>("events", p, "k", "v"));
                }
            }
            for (int i = 0; i < 500; i++) {
                producer.send(new ProducerRecord<>("events", 3, "hot", "v" + i));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aStuckConsumerOnAHotPartitionIsDiagnosed() throws Exception {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "diag", "client.id", "diag-client", "enable.auto.commit", "false", "max.poll.records", "1"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("events"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100));
                return consumer.assignment().size() == 4;
            });
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                offsets.put(new TopicPartition("events", p), new OffsetAndMetadata(10));
            }
            offsets.put(new TopicPartition("events", 3), new OffsetAndMetadata(0));
            consumer.commitSync(offsets);

            Cli cli = Cli.run("diagnose", "lag", "-b", kafka.bootstrapServers(), "--group", "diag", "--sample", "1s",
                    "--warning", "100", "--critical", "1000", "-o", "json");

            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
            JsonNode d = JSON.readTree(cli.out());
            assertThat(d.get("totalLag").asLong()).isEqualTo(500);
            assertThat(d.get("skewedTo").get(0).asText()).isEqualTo("events-3");
            assertThat(d.get("members").asInt()).isEqualTo(1);
            assertThat(d.get("unassigned")).isEmpty();
            assertThat(d.get("consumeRate").asDouble()).isZero();
            assertThat(d.get("drainSeconds").isNull()).isTrue();
            assertThat(d.get("recommendations").toString())
                    .contains("lag is skewed to partition events-3")
                    .contains("members are present but committed nothing");

            Cli table = Cli.run("diagnose", "lag", "-b", kafka.bootstrapServers(), "--group", "diag", "--sample", "200ms");
            assertThat(table.exitCode()).as(table.err()).isZero();
            assertThat(table.out()).contains("1. Spread:     skewed to events-3", "Recommendation:");
        }
    }

    @Test
    void anUnknownGroupIsAUsageError() {
        Cli cli = Cli.run("diagnose", "lag", "-b", kafka.bootstrapServers(), "--group", "nobody", "--sample", "100ms");

        assertThat(cli.exitCode()).isEqualTo(64);
        assertThat(cli.err()).contains("consumer group 'nobody' does not exist");
    }
}
