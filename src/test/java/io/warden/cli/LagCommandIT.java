package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a topic with 3 x 40 records and a group that consumed 10, 25 and 40 of them, when the
 * operator runs {@code warden lag}, then every partition shows its exact lag and age.
 */
class LagCommandIT {

    static EmbeddedKafka kafka;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 3, (short) 1), new NewTopic("idle", 1, (short) 1)));
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int p = 0; p < 3; p++) {
                    for (int i = 0; i < 40; i++) {
                        producer.send(new ProducerRecord<>("orders", p, "k" + i, "v" + i));
                    }
                }
                producer.flush();
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            offsets.put(new TopicPartition("orders", 0), new OffsetAndMetadata(10));
            offsets.put(new TopicPartition("orders", 1), new OffsetAndMetadata(25));
            offsets.put(new TopicPartition("orders", 2), new OffsetAndMetadata(40));
            admin.alterConsumerGroupOffsets("billing", offsets).all().get();
            admin.alterConsumerGroupOffsets("caught-up", Map.of(new TopicPartition("orders", 2), new OffsetAndMetadata(40)))
                    .all().get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void showsExactLagPerPartitionWithItsAge() throws Exception {
        Cli cli = Cli.run("lag", "--bootstrap-server", kafka.bootstrapServers(), "--group", "billing", "--output", "json");

        assertThat(cli.exitCode()).as(cli.err()).isZero();
        JsonNode group = JSON.readTree(cli.out()).get("groups").get(0);
        assertThat(group.get("group").asText()).isEqualTo("billing");
        assertThat(group.get("totalLag").asLong()).isEqualTo(30 + 15);
        JsonNode partitions = group.get("partitions");
        assertThat(partitions).hasSize(3);
        assertThat(partitions.get(0).get("lag").asLong()).isEqualTo(30);
        assertThat(partitions.get(1).get("lag").asLong()).isEqualTo(15);
        assertThat(partitions.get(2).get("lag").asLong()).isZero();
        assertThat(partitions.get(0).get("committed").asLong()).isEqualTo(10);
        assertThat(partitions.get(0).get("logEndOffset").asLong()).isEqualTo(40);
        // the next record to read was written moments ago: dated exactly, not guessed
        assertThat(partitions.get(0).get("lagSeconds").asDouble()).isBetween(0.0, 120.0);
        assertThat(partitions.get(0).get("lagSecondsAtLeast").asBoolean()).isFalse();
        assertThat(partitions.get(2).get("lagSeconds").asDouble()).isZero();
        // nobody is consuming and there is lag: the group is stopped
        assertThat(group.get("status").asText()).isEqualTo("STOP");
        assertThat(partitions.get(2).get("status").asText()).isEqualTo("OK");
    }

    @Test
    void tableShowsTheColumnsOperatorsKnow() {
        Cli cli = Cli.run("lag", "-b", kafka.bootstrapServers(), "--group", "billing", "--topic", "orders");

        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("GROUP billing", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG-SECONDS", "STATUS");
        assertThat(cli.out().lines().filter(l -> l.trim().startsWith("orders ")).toList())
                .hasSize(3)
                .anySatisfy(l -> assertThat(l.trim().split("\\s+")).startsWith("orders", "0", "10", "40", "30"));
    }

    @Test
    void nagiosThresholdsSetTheExitCode() {
        String bs = kafka.bootstrapServers();
        assertThat(Cli.run("lag", "-b", bs, "--critical", "40").exitCode()).isEqualTo(2);
        assertThat(Cli.run("lag", "-b", bs, "--warning", "40", "--critical", "1000").exitCode()).isEqualTo(1);
        assertThat(Cli.run("lag", "-b", bs, "--warning", "46", "--critical", "1000").exitCode()).isZero();
        assertThat(Cli.run("lag", "-b", bs, "--group", "caught-up", "--critical", "1").exitCode()).isZero();
    }

    @Test
    void unknownGroupOrTopicIsAUsageErrorNamingIt() {
        Cli group = Cli.run("lag", "-b", kafka.bootstrapServers(), "--group", "no-such-group");
        assertThat(group.exitCode()).isEqualTo(64);
        assertThat(group.err()).contains("consumer group 'no-such-group' does not exist").doesNotContain("Exception");

        Cli topic = Cli.run("lag", "-b", kafka.bootstrapServers(), "--topic", "no-such-topic");
        assertThat(topic.exitCode()).isEqualTo(64);
        assertThat(topic.err()).contains("topic 'no-such-topic' does not exist", "orders");
    }

    @Test
    void unreachableClusterFailsFastWithAClearMessage() {
        long start = System.nanoTime();
        Cli cli = Cli.run("lag", "-b", "127.0.0.1:1", "--timeout", "2s");

        assertThat(cli.exitCode()).isEqualTo(69);
        assertThat(cli.err()).contains("cannot reach Kafka at 127.0.0.1:1", "--bootstrap-server").doesNotContain("\tat ");
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(15);
    }

    @Test
    void unresolvableHostAndBadOptionsAreUsageErrors() {
        Cli host = Cli.run("lag", "-b", "no-such-host.invalid:9092", "--timeout", "2s");
        assertThat(host.exitCode()).isEqualTo(64);
        assertThat(host.err()).contains("no-such-host.invalid:9092");

        Cli option = Cli.run("lag", "--no-such-option");
        assertThat(option.exitCode()).isEqualTo(64);
        assertThat(option.err()).contains("Unknown option", "--help");

        Cli file = Cli.run("lag", "-b", kafka.bootstrapServers(), "--command-config", "/nonexistent/client.properties");
        assertThat(file.exitCode()).isEqualTo(66);
        assertThat(file.err()).contains("/nonexistent/client.properties does not exist");
    }
}
