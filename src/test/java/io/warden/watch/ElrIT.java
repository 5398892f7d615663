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
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given RF 3 and min.insync.replicas 2 on three brokers (a fourth, holding no replica, keeps the
 * cluster reachable) with eligible leader replicas (KIP-966) on, when brokers stop one by one, then
 * Warden's under-min-ISR finding names the eligible leader replicas the cluster reports, and once
 * there are none, says only an unclean election would bring the partition back and Warden will not.
 *
 * <p>A fresh 4.3.1 cluster formatted by kafka-storage finalizes eligible.leader.replicas.version=1
 * ({@code kafka-features version-mapping --release-version 4.3}); Kafka's test kit finalizes only
 * metadata.version, so the test upgrades the feature as an operator of an older cluster would.
 */
class ElrIT {

    static EmbeddedKafka kafka;
    static Admin admin;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.start(4, Map.of());
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        admin.updateFeatures(Map.of("eligible.leader.replicas.version", new FeatureUpdate((short) 1, FeatureUpdate.UpgradeType.UPGRADE)),
                new UpdateFeaturesOptions()).all().get();
        List<Integer> ids = kafka.brokerIds().stream().sorted().toList();
        ReadyTopics.create(admin, List.of(new NewTopic("payments", Map.of(0, ids.subList(0, 3)))
                .configs(Map.of("min.insync.replicas", "2"))));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    private static TopicPartitionInfo payments() throws Exception {
        return admin.describeTopics(List.of("payments")).allTopicNames().get().get("payments").partitions().get(0);
    }

    private static TopicPartitionInfo awaitPayments(Predicate<TopicPartitionInfo> state) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(ElrIT::payments, state);
    }

    private static List<Integer> ids(List<Node> nodes) {
        return nodes.stream().map(Node::id).toList();
    }

    private static Finding underMinIsr() {
        var probe = new ClusterProbe(admin, Duration.ofSeconds(10), Clock.systemUTC());
        var snapshot = probe.collect(ProbeScope.everything(Set.of()));
        return new PartitionCheck(CheckSettings.defaults()).evaluate(io.warden.snapshot.SnapshotHistory.of(snapshot)).stream()
                .filter(f -> f.key().equals("under-min-isr")).findFirst().orElseThrow();
    }

    @Test
    void underMinIsrFindingNamesTheEligibleLeaderReplicasAndRefusesAnUncleanElectionWhenThereAreNone() throws Exception {
        TopicPartitionInfo start = payments();
        int leader = start.leader().id();
        List<Integer> followers = ids(start.replicas()).stream().filter(id -> id != leader).toList();

        kafka.stopBroker(followers.get(0));
        awaitPayments(p -> p.isr().size() == 2);
        kafka.stopBroker(followers.get(1));
        TopicPartitionInfo belowMin = awaitPayments(p -> p.isr().size() == 1 && !p.elr().isEmpty());

        assertThat(ids(belowMin.elr())).containsExactly(followers.get(1));
        assertThat(underMinIsr().message()).contains("payments-0 (ISR [" + leader + "]; eligible leader replicas "
                + ids(belowMin.elr()) + " can take over without data loss)");

        kafka.stopBroker(leader);
        TopicPartitionInfo offline = awaitPayments(p -> p.leader() == null && p.isr().isEmpty());

        assertThat(ids(offline.elr())).containsExactlyInAnyOrder(leader, followers.get(1));
        Finding recoverable = underMinIsr();
        assertThat(recoverable.message()).contains("payments-0 (no leader; eligible leader replicas " + ids(offline.elr())
                + " hold every committed record: bring one back and it leads without data loss)").doesNotContain("unclean");
        assertThat(recoverable.evidence()).containsEntry(Recovery.WITHOUT_CLEAN_LEADER, 0L);

        // a change of min.insync.replicas clears the ELR: no replica is known to hold every committed record
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "payments"),
                List.of(new AlterConfigOp(new ConfigEntry("min.insync.replicas", "3"), AlterConfigOp.OpType.SET)))).all().get();
        TopicPartitionInfo lost = awaitPayments(p -> p.elr().isEmpty());

        assertThat(lost.leader()).isNull();
        Finding unclean = underMinIsr();
        assertThat(unclean.message()).contains("payments-0 (no leader and no eligible leader replica",
                "only an unclean leader election would bring it back, losing committed records, and Warden will not do that)");
        assertThat(unclean.evidence()).containsEntry(Recovery.WITHOUT_CLEAN_LEADER, 1L);
    }
}
