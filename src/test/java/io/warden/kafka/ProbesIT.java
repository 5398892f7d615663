package io.warden.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.snapshot.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What one collection sees of a real cluster, and how exactly it dates messages. */
class ProbesIT {

    static EmbeddedKafka kafka;
    static KafkaConnection connection;
    static final TopicPartition AUDIT = new TopicPartition("audit", 0);

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        connection = KafkaConnection.open(new ConnectionSettings(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(10)));
        Admin admin = connection.admin();
        ReadyTopics.create(admin, List.of(new NewTopic("audit", 1, (short) 1).configs(Map.of("min.insync.replicas", "1")),
                new NewTopic("empty", 2, (short) 1)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 30; i++) {
                // explicit timestamps: record i was "appended" at 1,000,000 + i seconds
                producer.send(new ProducerRecord<>("audit", 0, 1_000_000_000L + i * 1000L, "k", "v" + i)).get();
            }
        }
        admin.deleteRecords(Map.of(AUDIT, RecordsToDelete.beforeOffset(10))).all().get();
        admin.alterConsumerGroupOffsets("auditors", Map.of(AUDIT, new OffsetAndMetadata(20))).all().get();
        admin.alterConsumerGroupOffsets("archivers", Map.of(AUDIT, new OffsetAndMetadata(5))).all().get();
    }

    @AfterAll
    static void stop() {
        connection.close();
        kafka.close();
    }

    @Test
    void oneCollectionSeesBrokersQuorumPartitionsOffsetsGroupsAndDisks() {
        Snapshot s = connection.probe(Clock.systemUTC()).collect(ProbeScope.everything(Set.of()));

        assertThat(s.failures()).isEmpty();
        assertThat(s.cluster().clusterId()).isEqualTo(connection.clusterId());
        assertThat(s.cluster().brokers()).singleElement().satisfies(b -> assertThat(b.host()).isEqualTo("localhost"));
        assertThat(s.cluster().controllerId()).isNotNull();
        assertThat(s.cluster().quorum().leaderId()).isEqualTo(s.cluster().controllerId());
        var audit = s.topic("audit").orElseThrow();
        assertThat(audit.minInSyncReplicas()).isEqualTo(1);
        assertThat(audit.partitions()).singleElement().satisfies(p -> {
            assertThat(p.logStartOffset()).isEqualTo(10);
            assertThat(p.logEndOffset()).isEqualTo(30);
            assertThat(p.isr()).containsExactly(p.leader());
        });
        assertThat(audit.retainedMessages()).isEqualTo(20);
        assertThat(s.topic("__consumer_offsets").orElseThrow().internal()).isTrue();
        assertThat(s.group("auditors").orElseThrow().committed()).containsEntry(AUDIT, 20L);
        assertThat(s.group("auditors").orElseThrow().state()).isEqualTo("EMPTY");
        assertThat(s.logDirs()).isNotEmpty().allSatisfy(d -> assertThat(d.totalBytes()).isPositive());
        assertThat(s.logDirs().stream().mapToLong(d -> d.bytesByTopic().getOrDefault("audit", 0L)).sum()).isPositive();
    }

    @Test
    void lagOnlyScopeSkipsWhatLagDoesNotNeed() {
        Snapshot s = connection.probe(Clock.systemUTC()).collect(ProbeScope.lagOnly(Set.of("auditors")));

        assertThat(s.groups()).extracting(g -> g.groupId()).containsExactly("auditors");
        assertThat(s.logDirs()).isEmpty();
        assertThat(s.topic("audit").orElseThrow().partitions().get(0).logEndOffset()).isEqualTo(30);
        assertThat(s.topic("audit").orElseThrow().partitions().get(0).logStartOffset()).isEqualTo(-1);
    }

    @Test
    void datesTheNextMessageOfEveryGroupExactlyEvenBelowTheLogStart() {
        Map<TopicPartition, Map<Long, Long>> times;
        try (var probe = new OffsetTimeProbe(connection.settings(), Clock.systemUTC())) {
            times = probe.lookup(Map.of(AUDIT, Set.of(5L, 20L, 29L)), Duration.ofSeconds(10));
        }

        // 5 was deleted: the group would read the log start, offset 10, next
        assertThat(times.get(AUDIT)).containsExactlyInAnyOrderEntriesOf(Map.of(
                5L, 1_000_010_000L, 20L, 1_000_020_000L, 29L, 1_000_029_000L));
    }

    @Test
    void datingASnapshotCoversOnlyLaggingGroupsOnChosenTopics() {
        var snapshot = connection.probe(Clock.systemUTC()).collect(ProbeScope.lagOnly(null));
        try (var probe = new OffsetTimeProbe(connection.settings(), Clock.systemUTC())) {
            assertThat(probe.date(snapshot, t -> true, Duration.ofSeconds(10)).offsetTimes().get(AUDIT))
                    .containsOnlyKeys(5L, 20L);
            assertThat(probe.date(snapshot, "empty"::equals, Duration.ofSeconds(10)).offsetTimes()).isEmpty();
        }
    }
}
