package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.ReadyTopics;
import io.warden.embedded.SecureKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.consumer.group.KafkaShareGroupTool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a SASL_SSL cluster with an authorizer and a share group that a real share consumer left
 * 30 records behind, when an operator whose principal may only describe the group, the topic and
 * the cluster and read the topic runs {@code warden lag}, then the share group is there with its type and the lag Kafka's
 * own kafka-share-groups shows.
 */
class SecureGroupTypesIT {

    static SecureKafka kafka;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cluster() throws Exception {
        kafka = SecureKafka.start();
        ReadyTopics.create(kafka.admin(), List.of(new NewTopic("jobs", 2, (short) 2)));
        produce(40);
        kafka.admin().incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "queue"),
                List.of(new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET))))
                .all().get();
        Properties props = kafka.adminProperties();
        props.put("group.id", "queue");
        try (var share = new KafkaShareConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            share.subscribe(List.of("jobs"));
            int[] read = {0};
            await().atMost(Duration.ofSeconds(60)).until(() -> (read[0] += share.poll(Duration.ofMillis(200)).count()) >= 40);
            share.commitSync();
        }
        await().atMost(Duration.ofSeconds(30)).until(SecureGroupTypesIT::lag, l -> l == 0);
        produce(30);
        await().atMost(Duration.ofSeconds(30)).until(SecureGroupTypesIT::lag, l -> l == 30);

        kafka.createUser("carol", "carol-pass");
        var acls = new ArrayList<>(SecureKafka.allow("carol", new ResourcePattern(ResourceType.GROUP, "queue", PatternType.LITERAL),
                AclOperation.DESCRIBE));
        acls.addAll(SecureKafka.allow("carol", new ResourcePattern(ResourceType.TOPIC, "jobs", PatternType.LITERAL),
                AclOperation.DESCRIBE, AclOperation.READ));
        // lag reads the KRaft quorum too
        acls.addAll(SecureKafka.allow("carol", new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                AclOperation.DESCRIBE));
        kafka.grant(acls);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static void produce(int n) {
        try (var producer = new KafkaProducer<>(kafka.adminProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < n; i++) {
                producer.send(new ProducerRecord<>("jobs", i % 2, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    /** The share group's lag summed over its partitions, as the broker reports it; -1 before it reports any. */
    private static long lag() throws Exception {
        var offsets = kafka.admin().listShareGroupOffsets(Map.of("queue", new ListShareGroupOffsetsSpec())).all().get().get("queue");
        if (offsets == null || offsets.size() < 2) {
            return -1;
        }
        return offsets.values().stream().mapToLong(o -> o == null ? 0 : o.lag().orElse(0L)).sum();
    }

    @Test
    void aPrincipalThatMayDescribeTheGroupSeesTheShareGroupAndKafkasLag() throws Exception {
        String config = kafka.commandConfig("carol", "carol-pass", SecureKafka.SCRAM_SHA_512).toString();
        Cli cli = Cli.run("lag", "--bootstrap-server", kafka.saslSslBootstrap(), "--command-config", config,
                "--group", "queue", "--output", "json");

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        JsonNode group = JSON.readTree(cli.out()).get("groups").get(0);
        assertThat(group.get("type").asText()).isEqualTo("SHARE");
        assertThat(group.get("totalLag").asLong()).isEqualTo(30);
        Map<TopicPartition, List<Long>> warden = new HashMap<>();
        group.get("partitions").forEach(p -> warden.put(new TopicPartition(p.get("topic").asText(), p.get("partition").asInt()),
                List.of(p.get("committed").asLong(), p.get("lag").asLong())));
        assertThat(warden).hasSize(2).isEqualTo(KafkaShareGroupTool.describeOffsets(kafka.saslSslBootstrap(), "queue",
                "--command-config", kafka.commandConfig(SecureKafka.ADMIN, SecureKafka.ADMIN_PASSWORD, SecureKafka.SCRAM_SHA_512)
                        .toString()));
    }
}
