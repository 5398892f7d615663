package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Given a real 3-broker cluster with a topic, a group that keeps up and one 50 messages behind,
 * when the operator runs {@code warden verify} after a change, then each check is a line with its
 * evidence, the canary makes a round trip, and a stopped broker fails the checklist.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyIT {

    static EmbeddedKafka kafka;
    static Admin admin;
    static String expected;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.start(3, Map.of());
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        expected = kafka.brokerIds().stream().map(String::valueOf).collect(Collectors.joining(","));
        ReadyTopics.create(admin, List.of(new NewTopic("orders", 3, (short) 3)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>("orders", 0, "k", "v" + i));
            }
            producer.flush();
        }
        admin.alterConsumerGroupOffsets("behind", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(0))).all().get();
        admin.alterConsumerGroupOffsets("current", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(50))).all().get();
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    private static Cli warden(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-b";
        all[args.length + 1] = kafka.bootstrapServers();
        return Cli.run(all);
    }

    @Test
    @Order(1)
    void aHealthyClusterPassesEveryCheckAndTheCanaryMakesARoundTrip() throws Exception {
        Cli verify = warden("verify", "--expected-brokers", expected);
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out())
                .containsPattern("PASS\\s+brokers\\s+3 up: \\[" + expected.replace(",", ", ") + "]")
                .containsPattern("PASS\\s+controller\\s+active controller")
                .containsPattern("PASS\\s+quorum\\s+1 of 1 voters caught up, tolerates 0 more voter failure\\(s\\): \\d+ Leader lag 0")
                .containsPattern("PASS\\s+offline-partitions")
                .containsPattern("PASS\\s+under-replicated")
                .containsPattern("PASS\\s+under-min-isr")
                .containsPattern("PASS\\s+canary\\s+produced and consumed 1 record on __warden_canary-0 at offset 0 in \\d+ ms")
                .containsPattern("PASS\\s+consumer-lag")
                .containsPattern("PASS\\s+disk")
                .contains("Verify: PASS");
        assertThat(admin.describeTopics(List.of("__warden_canary")).allTopicNames().get().get("__warden_canary")
                .partitions().get(0).replicas()).hasSize(3);

        Cli again = warden("verify", "-o", "json");
        JsonNode json = JSON.readTree(again.out());
        assertThat(json.get("status").asText()).isEqualTo("PASS");
        assertThat(json.get("checks").findValuesAsText("name")).contains("brokers", "canary", "consumer-lag", "disk");
        assertThat(json.get("checks")).filteredOn(c -> c.get("name").asText().equals("canary"))
                .singleElement().satisfies(c -> assertThat(c.get("evidence").asText()).contains("at offset 1"));
    }

    @Test
    @Order(2)
    void aGroupBeyondTheLagThresholdsWarnsOrFails() {
        Cli warn = warden("verify", "--lag-warning", "10", "--lag-critical", "1000");
        assertThat(warn.exitCode()).isEqualTo(1);
        assertThat(warn.out()).containsPattern("WARN\\s+consumer-lag\\s+.*behind").contains("Verify: WARN");

        Cli fail = warden("verify", "--lag-warning", "10", "--lag-critical", "40");
        assertThat(fail.exitCode()).isEqualTo(2);
        assertThat(fail.out()).containsPattern("FAIL\\s+consumer-lag\\s+.*behind").doesNotContainPattern("FAIL\\s+consumer-lag.*current");
    }

    @Test
    @Order(3)
    void aStoppedBrokerFailsTheChecklist() {
        int victim = kafka.brokerIds().get(2);
        kafka.stopBroker(victim);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                Cli verify = warden("verify", "--expected-brokers", expected);
                assertThat(verify.exitCode()).isEqualTo(2);
                assertThat(verify.out()).containsPattern("FAIL\\s+brokers\\s+.*" + victim)
                        .containsPattern("(WARN|FAIL)\\s+under-replicated")
                        .contains("Verify: FAIL");
            });
        } finally {
            kafka.startBroker(victim);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(warden("verify", "--expected-brokers", expected).exitCode()).isZero());
    }
}
