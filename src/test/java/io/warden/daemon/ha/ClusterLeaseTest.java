package io.warden.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.alert.Alert;
import io.warden.alert.Alerter;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A cluster's lease: it hands back what the previous owner kept, writes the alert lifecycle only
 * when something that decides a page changed, and once a write is refused it writes and allows
 * nothing more.
 */
class ClusterLeaseTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final List<String> written = new ArrayList<>();
    private boolean accept = true;

    private ClusterLease lease(Map<String, byte[]> restored) {
        return new ClusterLease("east", new TopicPartition("warden-state.f", 0), "a", clock, (l, key, value) -> {
            written.add(key);
            return accept;
        }, restored);
    }

    private static Alerter.Saved firing(double value, Instant lastSent) {
        Finding f = new Finding("consumer-lag/group=billing", "consumer-lag", Severity.WARNING, value, "billing behind " + value,
                Map.of("group", "billing"), Map.of("lag", value));
        return new Alerter.Saved(new Alert(f.key(), "lag", Severity.WARNING, "east", T0, T0, f, Map.of("group", "billing"), ""),
                true, lastSent, false);
    }

    @Test
    void whatThePreviousOwnerKeptComesBackAndOtherClustersStateIsIgnored() {
        byte[] doc = StateJson.write(new ClusterLease.AlertsDoc("east", "b", T0, List.of(firing(300, T0))));
        ClusterLease lease = lease(Map.of("east/alerts", doc, "east/heal", "{\"incidents\":{}}".getBytes(),
                "west/alerts", StateJson.write(new ClusterLease.AlertsDoc("west", "b", T0, List.of()))));

        assertThat(lease.restoredAlerts()).hasSize(1);
        assertThat(lease.restoredAlerts().get(0).lastSent()).isEqualTo(T0);
        assertThat(lease.restoredAlerts().get(0).alert().finding().value()).isEqualTo(300);
        assertThat(new String(lease.healPlace().load())).contains("incidents");
    }

    @Test
    void onlyAChangeThatDecidesAPageIsWritten() {
        ClusterLease lease = lease(Map.of());

        assertThat(lease.keepAlerts(List.of())).isTrue();
        assertThat(written).isEmpty();
        assertThat(lease.keepAlerts(List.of(firing(300, T0)))).isTrue();
        assertThat(lease.keepAlerts(List.of(firing(310, T0)))).isTrue(); // only the number moved
        assertThat(written).containsExactly("east/alerts");
        assertThat(lease.keepAlerts(List.of(firing(310, T0.plusSeconds(60))))).isTrue(); // told again
        assertThat(written).containsExactly("east/alerts", "east/alerts");
    }

    @Test
    void aRefusedWriteEndsTheLeaseForGood() {
        ClusterLease lease = lease(Map.of());
        accept = false;

        assertThat(lease.keepAlerts(List.of(firing(300, T0)))).isFalse();
        assertThat(lease.held()).isFalse();
        accept = true;
        assertThat(lease.keepAlerts(List.of(firing(300, T0)))).isFalse();
        assertThat(lease.keepAlerts(List.of())).isFalse();
        assertThatThrownBy(() -> lease.healPlace().save("{}".getBytes())).hasMessageContaining("no longer owns");
        assertThat(written).hasSize(1);
    }
}
