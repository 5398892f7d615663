package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.config.WardenConfig.DrConfig;
import io.warden.kafka.ConnectionSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillServiceTest {

    static final Instant AT = Instant.parse("2026-12-07T19:30:05Z");

    private static DrPair pair(String topics) {
        DrConfig dr = new DrConfig(new ClusterConfig("west", "w1:9092", null, Map.of(), null), null, null, null, null, topics,
                null, null, null, null, null, null);
        return DrPair.of(new ClusterConfig("east", "e1:9092", null, Map.of(), null).withDr(dr), "cluster",
                (c, t) -> new ConnectionSettings(c.bootstrapServers(), Map.of(), t), Duration.ofSeconds(5), WardenException.CONFIG);
    }

    private static DrillOptions options(List<String> topics) {
        return new DrillOptions(topics, 10, 3, Duration.ofMinutes(2), List.of(), false, "ops@host");
    }

    @Test
    void theDrillTopicIsNamedByTheUtcSecondItStarts() {
        assertThat(DrillService.drillTopic(AT)).isEqualTo("warden-dr-drill-20261207-193005");
    }

    @Test
    void aDrillTopicMirrorMakerWouldNotReplicateIsRefusedSayingWhatToAllow() {
        assertThatThrownBy(() -> DrillService.checkReplicated(pair("orders.*"), options(List.of()), AT))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining("warden-dr-drill-20261207-193005")
                .hasMessageContaining("'warden-dr-drill-.*'")
                .hasMessageContaining("--topics")
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(64));
        DrillService.checkReplicated(pair("orders.*, warden-dr-drill-.*"), options(List.of()), AT);
        DrillService.checkReplicated(pair(".*"), options(List.of()), AT);
    }

    @Test
    void namedTopicsOutsideTheFilterOrMirrorMakersOwnAreRefused() {
        assertThatThrownBy(() -> DrillService.checkReplicated(pair("orders.*"), options(List.of("orders.eu", "payments")), AT))
                .isInstanceOf(WardenException.class).hasMessageContaining("'payments'");
        assertThatThrownBy(() -> DrillService.checkReplicated(pair(".*"), options(List.of("heartbeats")), AT))
                .isInstanceOf(WardenException.class).hasMessageContaining("'heartbeats'");
        DrillService.checkReplicated(pair("orders.*"), options(List.of("orders.eu")), AT);
    }
}
