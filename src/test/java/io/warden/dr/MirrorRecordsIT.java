package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.MirrorSeed;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.TopicScan;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** MirrorMaker's own topics as Warden reads them, written in MirrorMaker's formats to a real broker. */
class MirrorRecordsIT {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.single();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static MirrorSeed seed() {
        return new MirrorSeed(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    private static TopicScan scan() {
        return TopicScan.open(ConnectionSettings.of(kafka.bootstrapServers(), null, Duration.ofSeconds(10)), Clock.systemUTC());
    }

    @Test
    void aKeptReaderReadsOnlyWhatWasAddedAndStartsOverWhenTheTopicIsCreatedAgain() throws Exception {
        String topic = "mm2-offset-syncs.west.internal";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic(topic, 1, (short) 1)));
            try (MirrorSeed seed = seed()) {
                seed.offsetSync(topic, ORDERS_0, 0, 0);
                seed.offsetSync(topic, ORDERS_0, 10, 12);
                seed.offsetSync(topic, ORDERS_1, 5, 5);
                seed.record(topic, 0, 1L, "not", "a sync"); // untrusted input: skipped and counted
            }
            MirrorRecords.Newest<TopicPartition, MirrorRecords.OffsetSync> reader = MirrorRecords.newestOffsetSyncs(topic);
            try (TopicScan scan = scan()) {
                var first = reader.read(scan);
                assertThat(first.exists()).isTrue();
                assertThat(first.value().get(ORDERS_0).upstream()).isEqualTo(10);
                assertThat(first.value().get(ORDERS_0).downstream()).isEqualTo(12);
                assertThat(first.value().get(ORDERS_1).upstream()).isEqualTo(5);
                assertThat(first.malformed()).isEqualTo(1);

                try (MirrorSeed seed = seed()) {
                    seed.offsetSync(topic, ORDERS_0, 30, 33);
                }
                var second = reader.read(scan);
                assertThat(second.value().get(ORDERS_0).upstream()).isEqualTo(30);
                assertThat(second.value().get(ORDERS_1).upstream()).isEqualTo(5); // kept from the first reading
                assertThat(second.malformed()).as("the malformed record is not read twice").isEqualTo(1);
                // a one-shot reading sees the same newest syncs
                assertThat(MirrorRecords.offsetSyncs(scan, topic).value()).isEqualTo(second.value());

            }
            // MirrorMaker's topic deleted and created again: its offsets went back, so the kept reader starts over
            admin.deleteTopics(List.of(topic)).all().get();
            io.warden.kafka.TopicReadiness.awaitGone(admin, List.of(topic), Duration.ofSeconds(30));
            ReadyTopics.create(admin, List.of(new NewTopic(topic, 1, (short) 1)));
            try (MirrorSeed seed = seed()) {
                seed.offsetSync(topic, ORDERS_1, 7, 9);
            }
            try (TopicScan scan = scan()) {
                var again = reader.read(scan);
                assertThat(again.value()).containsOnlyKeys(ORDERS_1);
                assertThat(again.value().get(ORDERS_1).downstream()).isEqualTo(9);
                assertThat(again.malformed()).isZero();
            }
        }
    }

    @Test
    void checkpointsAreTheNewestPerGroupAndReplicaPartition() throws Exception {
        String topic = "east.checkpoints.internal";
        TopicPartition replica0 = new TopicPartition("east.orders", 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic(topic, 1, (short) 1)));
        }
        try (MirrorSeed seed = seed()) {
            seed.checkpoint(topic, "billing", replica0, 40, 38);
            seed.checkpoint(topic, "billing", replica0, 50, 49);
            seed.checkpoint(topic, "audit", replica0, 7, 1);
        }
        try (TopicScan scan = scan()) {
            var read = MirrorRecords.checkpoints(scan, topic);
            assertThat(read.value().keySet()).containsExactly("audit", "billing");
            assertThat(read.value().get("billing").get(replica0).upstream()).isEqualTo(50);
            assertThat(read.value().get("billing").get(replica0).downstream()).isEqualTo(49);
            assertThat(read.value().get("audit").get(replica0).replica()).isEqualTo(replica0);
        }
    }
}
