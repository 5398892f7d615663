package io.warden.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each cluster's state lives, and what {@code ha status} exits with. */
class FleetStatusTest {

    @Test
    void clusterIIsPartitionIInNameOrderWhateverTheConfigOrder() {
        HaLayout layout = new HaLayout("g", "warden-state.g", "warden-state.g.shared", List.of("west", "east", "north"));

        assertThat(layout.partitionOf("east")).isZero();
        assertThat(layout.partitionOf("north")).isEqualTo(1);
        assertThat(layout.clusterOf(2)).isEqualTo("west");
        assertThat(layout.clusterOf(3)).isNull();
        assertThat(layout.partitionOf("south")).isEqualTo(-1);
    }

    @Test
    void aClusterNobodyOwnsIsCriticalARebalanceAWarning() {
        var owned = new FleetStatus.Cluster("east", 0, "a", "a", null, 0L);
        var orphan = new FleetStatus.Cluster("west", 1, null, "b", null, 2L);

        assertThat(new FleetStatus("g", "t", "Stable", List.of(), List.of(owned), List.of()).exitCode()).isZero();
        assertThat(new FleetStatus("g", "t", "PreparingRebalance", List.of(), List.of(owned), List.of()).exitCode()).isEqualTo(1);
        assertThat(new FleetStatus("g", "t", "Stable", List.of(), List.of(owned, orphan), List.of()).exitCode()).isEqualTo(2);
        assertThat(new FleetStatus("g", "t", "Empty", List.of(), List.of(orphan), List.of()).exitCode()).isEqualTo(2);
        assertThat(new FleetStatus("g", "t", "Stable", List.of(), List.of(owned), List.of("b watches east, south (not west; also south)"))
                .exitCode()).as("members that watch other clusters").isEqualTo(2);
    }

    @Test
    void theInstancesThatWatchOtherClustersAreNamedWithWhatDiffers() {
        var announced = java.util.Map.of("a", List.of("east", "west"), "b", List.of("south", "east"), "c", List.of("west", "east"));

        assertThat(SharedState.differences(announced, List.of("a", "b", "c", "gone"), List.of("east", "west")))
                .containsExactly("b watches east, south (not west; also south)");
        assertThat(SharedState.differences(announced, List.of("a", "c"), List.of("east", "west"))).isEmpty();
    }
}
