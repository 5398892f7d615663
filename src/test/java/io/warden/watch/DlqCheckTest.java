package io.warden.watch;

import static io.warden.watch.Snapshots.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.SnapshotHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

class DlqCheckTest {

    private final DlqCheck check = new DlqCheck(CheckSettings.defaults()); // 100 / 1,000, 5 minute window

    @Test
    void ordinaryTopicsAndShallowDlqsHaveNoFinding() {
        SnapshotHistory history = SnapshotHistory.of(at(0).topic("orders", 1_000_000).topic("orders.dlq", 99).build());

        assertThat(check.evaluate(history)).isEmpty();
    }

    @Test
    void deepDlqIsAWarningWithGrowthOverTheWindow() {
        SnapshotHistory history = SnapshotHistory.of(
                at(-600).topic("orders.dlq", 10, 10).build(),   // older than the window
                at(0).topic("orders.dlq", 100, 100).build(),
                at(240).topic("orders.dlq", 250, 250).build());

        assertThat(check.evaluate(history)).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("dlq-depth/topic=orders.dlq");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.value()).isEqualTo(500);
            assertThat(f.labels()).containsEntry("topic", "orders.dlq");
            assertThat(f.evidence()).containsEntry("addedInWindow", 300L).containsEntry("windowSeconds", 240L);
            assertThat(f.message()).isEqualTo("dead-letter topic orders.dlq holds 500 messages; 300 added in the last 4m 0s");
        });
    }

    @Test
    void recreatedDlqCountsItsNewMessagesAsAdded() {
        SnapshotHistory history = SnapshotHistory.of(
                at(0).topic("orders.dlq", 900).build(),
                at(60).topic("orders.dlq", 120).build());

        assertThat(check.evaluate(history)).singleElement()
                .satisfies(f -> assertThat(f.evidence()).containsEntry("addedInWindow", 120L));
    }

    @Test
    void depthCountsRetainedMessagesOnly() {
        // 1,500 written but retention deleted the first 1,450: 50 left, below the warning
        SnapshotHistory history = SnapshotHistory.of(at(0)
                .partition(new PartitionInfo("dlq-payments", 0, 1, List.of(1), List.of(1), 1_450, 1_500)).build());

        assertThat(check.evaluate(history)).isEmpty();
    }

    @Test
    void veryDeepDlqIsCritical() {
        List<Finding> findings = check.evaluate(SnapshotHistory.of(at(0).topic("dlq-payments", 5_000).build()));

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("dlq-depth/topic=dlq-payments");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.value()).isEqualTo(5_000);
            assertThat(f.message()).isEqualTo("dead-letter topic dlq-payments holds 5,000 messages");
        });
    }
}
