package io.warden.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MirrorMakerKitIT {

    private static final String TOPIC = "orders";
    private static final String GROUP = "billing";
    private static final int RECORDS = 1_000;
    private static final int CONSUMED = 600;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedKafka primary;
    private static EmbeddedKafka dr;
    private static MirrorMakerKit mirror;

    @BeforeAll
    static void startClustersAndMirrorMaker() throws Exception {
        primary = EmbeddedKafka.single();
        dr = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic("not-replicated", 1, (short) 1)));
        }
        produce(0, RECORDS);
        produce("not-replicated", 1, 0, 5);
        commitAfterConsuming(CONSUMED);
        mirror = new MirrorMakerKit(primary, dr, TOPIC, GROUP);
        mirror.start();
    }

    @AfterAll
    static void stopAll() {
        MirrorMakerKit.closeAll(mirror, dr, primary);
    }

    @Test
    @Order(1)
    void replicatesTheRecordsOfTheTopicAndOnlyThatTopic() {
        mirror.awaitReplicated(TOPIC, RECORDS, WAIT);

        assertThat(read(dr.bootstrapServers(), MirrorMakerKit.remoteTopic(TOPIC), RECORDS))
                .containsExactlyInAnyOrderElementsOf(read(primary.bootstrapServers(), TOPIC, RECORDS));
        assertThat(mirror.drEndOffsets(MirrorMakerKit.remoteTopic("not-replicated"))).isZero();
    }

    @Test
    @Order(2)
    void heartbeatsFromThePrimaryArriveOnDr() throws Exception {
        await("primary.heartbeats on DR").atMost(WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> mirror.drEndOffsets(MirrorMakerKit.remoteTopic("heartbeats")) > 0);
        assertThat(RemoteClusterUtils.upstreamClusters(mirror.drClientConfig())).containsExactly(MirrorMakerKit.PRIMARY);
        assertThat(RemoteClusterUtils.replicationHops(mirror.drClientConfig(), MirrorMakerKit.PRIMARY)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void checkpointTranslatesTheGroupConservatively() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", primary.bootstrapServers()))) {
            committed = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        }
        assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(CONSUMED);

        Map<TopicPartition, OffsetAndMetadata> translated = mirror.awaitCheckpoint(GROUP, WAIT);

        assertThat(translated).isNotEmpty();
        translated.forEach((drPartition, offset) -> {
            assertThat(drPartition.topic()).isEqualTo(MirrorMakerKit.remoteTopic(TOPIC));
            TopicPartition primaryPartition = new TopicPartition(TOPIC, drPartition.partition());
            assertThat(offset.offset()).as("translated offset of %s", drPartition)
                    .isBetween(0L, committed.get(primaryPartition).offset());
        });
    }

    @Test
    @Order(4)
    void afterStopTheDrSideNoLongerGrows() {
        mirror.awaitReplicated(TOPIC, RECORDS, WAIT);
        mirror.stop();
        produce(RECORDS, 50);
        long onDr = mirror.drEndOffsets(MirrorMakerKit.remoteTopic(TOPIC));

        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> mirror.drEndOffsets(MirrorMakerKit.remoteTopic(TOPIC)) == onDr);
        assertThat(onDr).isEqualTo(RECORDS);
    }

    private static void produce(int from, int count) {
        produce(TOPIC, 2, from, count);
    }

    private static void produce(String topic, int partitions, int from, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", primary.bootstrapServers(), "linger.ms", 5);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    /** Consumes {@code count} records of the topic with the group and commits exactly past them. */
    private static void commitAfterConsuming(int count) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", primary.bootstrapServers());
        props.put("group.id", GROUP);
        props.put("auto.offset.reset", "earliest");
        props.put("enable.auto.commit", "false");
        props.put("max.poll.records", 50);
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            int seen = 0;
            while (seen < count) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (seen == count) {
                        break;
                    }
                    positions.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    seen++;
                }
            }
            consumer.commitSync(positions);
        }
    }

    private static List<String> read(String bootstrap, String topic, int count) {
        Map<String, Object> props = Map.of("bootstrap.servers", bootstrap, "auto.offset.reset", "earliest",
                "group.id", "reader-" + topic, "enable.auto.commit", "false");
        List<String> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await(count + " records of " + topic).atMost(WAIT).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.partition() + "/" + r.offset() + ":" + r.key() + "=" + r.value()));
                return seen.size() >= count;
            });
        }
        return seen;
    }
}
