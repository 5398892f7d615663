package io.warden.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ClusterProbe;
import io.warden.kafka.ProbeScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
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
 * Burrow-style statuses judged over a window of real snapshots: a consumer that stops making
 * progress while producers continue turns STALL, then STOP once it leaves; an offset reset
 * backwards shows REWIND.
 */
class GroupStatusIT {

    static EmbeddedKafka kafka;
    static Admin admin;
    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("events", 1, (short) 1), new NewTopic("replayed", 1, (short) 1)));
        producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stop() {
        producer.close();
        admin.close();
        kafka.close();
    }

    private Monitor monitor(Duration window) {
        var settings = new CheckSettings(window, 10_000, 100_000, List.of(Pattern.compile(".*\\.dlq")), 100, 1000, 0.8, 0.9, 5, 5, 1_000, 3,
                CheckSettings.defaults().quorumCatchUpTimeout());
        ClusterProbe probe = new ClusterProbe(admin, Duration.ofSeconds(10), Clock.systemUTC());
        return new Monitor(expected -> probe.collect(ProbeScope.everything(expected)), Checks.defaults(settings),
                new LagEvaluator(settings), 50, Set.of());
    }

    private static void produce(String topic, int n) {
        for (int i = 0; i < n; i++) {
            producer.send(new ProducerRecord<>(topic, "k", "v" + i));
        }
        producer.flush();
    }

    private static GroupLag group(CycleResult result, String id) {
        return result.lags().stream().filter(g -> g.group().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void consumerThatStopsConsumingStallsThenStopsWhenItLeaves() {
        produce("events", 20);
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers(),
                "group.id", "stuck", "auto.offset.reset", "earliest", "enable.auto.commit", false, "max.poll.records", 5),
                new StringDeserializer(), new StringDeserializer());
        Monitor monitor = monitor(Duration.ofSeconds(2));
        try {
            consumer.subscribe(List.of("events"));
            await().atMost(Duration.ofSeconds(30)).until(() -> !consumer.poll(Duration.ofMillis(200)).isEmpty());
            consumer.commitSync(Map.of(new TopicPartition("events", 0), new OffsetAndMetadata(5)));
            // the member stays in the group (heartbeats go on) but processes nothing more, while producers continue
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                produce("events", 5);
                var result = monitor.runCycle();
                assertThat(group(result, "stuck").members()).isEqualTo(1);
                assertThat(group(result, "stuck").status()).isEqualTo(GroupStatus.STALL);
                assertThat(result.findings()).anySatisfy(f -> assertThat(f.key()).isEqualTo("consumer-status/group=stuck"));
            });
        } finally {
            consumer.close();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            produce("events", 5);
            var stuck = group(monitor.runCycle(), "stuck");
            assertThat(stuck.members()).isZero();
            assertThat(stuck.status()).isEqualTo(GroupStatus.STOP);
            assertThat(stuck.totalLag()).isGreaterThan(15);
        });
    }

    @Test
    void offsetsResetBackwardsShowRewind() throws Exception {
        produce("replayed", 100);
        var tp = new TopicPartition("replayed", 0);
        admin.alterConsumerGroupOffsets("replayer", Map.of(tp, new OffsetAndMetadata(80))).all().get();
        Monitor monitor = monitor(Duration.ofMinutes(5));
        assertThat(group(monitor.runCycle(), "replayer").status()).isNotEqualTo(GroupStatus.REWIND);

        admin.alterConsumerGroupOffsets("replayer", Map.of(tp, new OffsetAndMetadata(10))).all().get();
        var result = monitor.runCycle();

        assertThat(group(result, "replayer").status()).isEqualTo(GroupStatus.REWIND);
        assertThat(group(result, "replayer").totalLag()).isEqualTo(90);
        assertThat(result.findings()).anySatisfy(f -> {
            assertThat(f.key()).isEqualTo("consumer-status/group=replayer");
            assertThat(f.message()).contains("REWIND");
        });
    }
}
