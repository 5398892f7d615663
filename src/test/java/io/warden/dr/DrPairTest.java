package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.config.WardenConfig.DrConfig;
import io.warden.config.WardenConfig.TierConfig;
import io.warden.kafka.ConnectionSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrPairTest {

    private static DrPair pair(DrConfig dr) {
        ClusterConfig source = new ClusterConfig("east", "e1:9092", null, Map.of(), null).withDr(dr);
        return DrPair.of(source, "cluster", (c, t) -> new ConnectionSettings(c.bootstrapServers(), c.client(), t),
                Duration.ofSeconds(5), WardenException.CONFIG);
    }

    private static DrConfig dr(String policy, String topics, List<TierConfig> tiers) {
        return new DrConfig(new ClusterConfig(null, "w1:9092", null, Map.of(), null), "east", "west", policy, null,
                topics, null, null, null, tiers, null, null);
    }

    @Test
    void replicasAreNamedAsMirrorMakersDefaultPolicyNamesThem() {
        DrPair p = pair(dr(null, null, null));
        assertThat(p.naming().replicaOf("orders")).isEqualTo("east.orders");
        assertThat(p.naming().checkpointsTopic()).isEqualTo("east.checkpoints.internal");
        assertThat(p.naming().heartbeatsTopic()).isEqualTo("heartbeats");
        assertThat(p.naming().offsetSyncsTopic()).isEqualTo("mm2-offset-syncs.west.internal");
        assertThat(p.source().name()).isEqualTo("east");
        assertThat(p.target().name()).isEqualTo("west");
        assertThat(p.target().connection().bootstrapServers()).isEqualTo("w1:9092");
    }

    @Test
    void identityPolicyKeepsTheName() {
        DrPair p = pair(dr("identity", null, null));
        assertThat(p.naming().replicaOf("orders")).isEqualTo("orders");
        assertThat(p.naming().checkpointsTopic()).isEqualTo("east.checkpoints.internal");
    }

    @Test
    void filterFollowsMirrorMakersListsAndDefaultExcludes() {
        DrPair p = pair(dr(null, "orders.*, payments", null));
        assertThat(p.topics().test("orders.eu")).isTrue();
        assertThat(p.topics().test("payments")).isTrue();
        assertThat(p.topics().test("payments2")).isFalse();
        assertThat(p.topics().test("orders.internal")).isFalse();
        assertThat(p.topics().test("__consumer_offsets")).isFalse();
        assertThat(p.groups().test("billing")).isTrue();
        assertThat(p.groups().test("console-consumer-123")).isFalse();
    }

    @Test
    void tiersTakeTheRunbookTargetsAndEverythingElseIsStandard() {
        DrPair p = pair(dr(null, null, List.of(new TierConfig("critical", "payments.*", null, null),
                new TierConfig("important", "orders.*", Duration.ofMinutes(10), null))));
        assertThat(p.tiers().of("payments.eu").rpo()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.tiers().of("payments.eu").rto()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.tiers().of("orders").rpo()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.tiers().of("orders").rto()).isEqualTo(Duration.ofHours(1));
        assertThat(p.tiers().of("clicks").name()).isEqualTo("standard");
        assertThat(p.tiers().of("clicks").rpo()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void badSettingsSayWhereAndWhat() {
        assertThatThrownBy(() -> pair(dr("mirrored", null, null)))
                .isInstanceOf(WardenException.class).hasMessageContaining("'mirrored'").hasMessageContaining("identity");
        assertThatThrownBy(() -> pair(dr(null, "orders(", null)))
                .isInstanceOf(WardenException.class).hasMessageContaining("cluster.dr.topics").hasMessageContaining("orders(");
        assertThatThrownBy(() -> pair(dr(null, null, List.of(new TierConfig("gold", null, Duration.ofMinutes(1), null)))))
                .isInstanceOf(WardenException.class).hasMessageContaining("cluster.dr.tiers[0]").hasMessageContaining("rto");
        ClusterConfig noTarget = new ClusterConfig("east", "e1:9092", null, Map.of(), null)
                .withDr(new DrConfig(null, null, null, null, null, null, null, null, null, null, null, null));
        assertThatThrownBy(() -> DrPair.of(noTarget, "cluster", (c, t) -> null, Duration.ofSeconds(1), WardenException.CONFIG))
                .isInstanceOf(WardenException.class).hasMessageContaining("cluster.dr.target.bootstrap-servers");
    }
}
