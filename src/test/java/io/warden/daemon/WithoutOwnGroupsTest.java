package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.Check;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Given a watched cluster that is also the fleet's home, when the fleet's own group rebalances or
 * its state topic's offsets sit still, then no finding is raised about it; the user's groups are
 * judged as before.
 */
class WithoutOwnGroupsTest {

    private static Finding about(String check, Map<String, String> labels) {
        return new Finding(check + "/" + labels, check, Severity.WARNING, 1, "m", labels, Map.of());
    }

    private static final Check GROUPS = new Check() {
        @Override
        public String name() {
            return "consumer-lag";
        }

        @Override
        public List<Finding> evaluate(SnapshotHistory history) {
            return List.of(about("consumer-rebalancing", Map.of("group", "warden-prod")),
                    about("consumer-status", Map.of("group", "warden-prod")),
                    about("consumer-rebalancing", Map.of("group", "billing")),
                    about("under-replicated", Map.of("topic", "warden-state.warden-prod")));
        }
    };

    @Test
    void findingsAboutTheFleetsGroupAreDroppedAndTheRestKept() {
        List<Check> checks = WithoutOwnGroups.of(List.of(GROUPS), Set.of("warden-prod"));

        List<Finding> found = checks.get(0).evaluate(SnapshotHistory.empty(1));

        assertThat(checks.get(0).name()).isEqualTo("consumer-lag");
        assertThat(found).extracting(f -> f.labels().get("group")).doesNotContain("warden-prod");
        assertThat(found).extracting(Finding::check).containsExactly("consumer-rebalancing", "under-replicated");
    }

    @Test
    void withoutAFleetTheChecksAreTheSame() {
        assertThat(WithoutOwnGroups.of(List.of(GROUPS), Set.of())).containsExactly(GROUPS);
    }
}
