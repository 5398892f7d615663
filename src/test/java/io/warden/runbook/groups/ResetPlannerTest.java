package io.warden.runbook.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ResetPlannerTest {

    static final TopicPartition TP = new TopicPartition("orders", 0);
    /** committed 50 in a log from 20 to 100; the first message at the asked time is 70 */
    static final PartitionOffsets P = new PartitionOffsets(TP, 50L, 20, 100, 70L);

    @Test
    void everyModeClampsToTheLog() {
        assertThat(ResetPlanner.target(new ResetMode.ToEarliest(), P, null)).isEqualTo(20);
        assertThat(ResetPlanner.target(new ResetMode.ToLatest(), P, null)).isEqualTo(100);
        assertThat(ResetPlanner.target(new ResetMode.ToCurrent(), P, null)).isEqualTo(50);
        assertThat(ResetPlanner.target(new ResetMode.ToOffset(5), P, null)).isEqualTo(20);
        assertThat(ResetPlanner.target(new ResetMode.ToOffset(500), P, null)).isEqualTo(100);
        assertThat(ResetPlanner.target(new ResetMode.ShiftBy(-40), P, null)).isEqualTo(20);
        assertThat(ResetPlanner.target(new ResetMode.ShiftBy(10), P, null)).isEqualTo(60);
        assertThat(ResetPlanner.target(new ResetMode.ToDatetime(Instant.EPOCH), P, null)).isEqualTo(70);
        assertThat(ResetPlanner.target(new ResetMode.FromFile("f", Map.of()), P, 9999L)).isEqualTo(100);
    }

    @Test
    void noMessageAfterTheTimeMeansTheLogEnd() {
        var none = new PartitionOffsets(TP, 50L, 20, 100, null);
        assertThat(ResetPlanner.target(new ResetMode.ByDuration(java.time.Duration.ofHours(1)), none, null)).isEqualTo(100);
    }

    @Test
    void withoutACommittedOffsetCurrentIsTheLogEndAndShiftIsRefused() {
        var fresh = new PartitionOffsets(TP, null, 20, 100, null);
        assertThat(ResetPlanner.target(new ResetMode.ToCurrent(), fresh, null)).isEqualTo(100);
        assertThatThrownBy(() -> ResetPlanner.target(new ResetMode.ShiftBy(1), fresh, null))
                .isInstanceOf(WardenException.class).hasMessageContaining("no committed offset");
    }

    @Test
    void csvHasThreeColumnsForOneGroupAndFourForMany() {
        var one = OffsetsCsv.parse("f", List.of("orders,0,5", "", "# note", "orders,1,7"), List.of("billing"));
        assertThat(one).isEqualTo(Map.of("billing", Map.of(TP, 5L, new TopicPartition("orders", 1), 7L)));
        var many = OffsetsCsv.parse("f", List.of("a,orders,0,5", "b,orders,0,6"), List.of());
        assertThat(many).containsOnlyKeys("a", "b");
        assertThat(OffsetsCsv.format(many, false)).isEqualTo("a,orders,0,5\nb,orders,0,6\n");
        assertThat(OffsetsCsv.format(one, false)).isEqualTo("orders,0,5\norders,1,7\n");
        assertThatThrownBy(() -> OffsetsCsv.parse("f", List.of("orders,0,5"), List.of()))
                .hasMessageContaining("needs --group");
        assertThatThrownBy(() -> OffsetsCsv.parse("f", List.of("orders,x,5"), List.of("g")))
                .hasMessageContaining("f:1");
    }
}
