package io.warden.watch;

import static io.warden.watch.Snapshots.at;
import static io.warden.watch.Snapshots.group;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksTest {

    private static Check check(String name, java.util.function.Function<SnapshotHistory, List<Finding>> body) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Finding> evaluate(SnapshotHistory history) {
                return body.apply(history);
            }
        };
    }

    @Test
    void defaultsAreEveryBuiltInInAStableOrder() {
        assertThat(Checks.defaults(CheckSettings.defaults())).extracting(Check::name)
                .containsExactly("brokers", "quorum", "partitions", "consumer-lag", "dlq-depth", "disk-usage", "connect");
    }

    @Test
    void healthyClusterPassesEveryDefaultCheck() {
        SnapshotHistory history = SnapshotHistory.of(at(0).topic("orders", 10, 20)
                .group(group("billing").member(Snapshots.member("m1")).commit("orders", 0, 10)).build());

        assertThat(Checks.evaluateAll(Checks.defaults(CheckSettings.defaults()), history)).isEmpty();
    }

    @Test
    void brokenClusterIsFoundByTheDefaults() {
        SnapshotHistory history = SnapshotHistory.of(at(0).live(1, 3).topic("orders.dlq", 5_000).build());

        assertThat(Checks.evaluateAll(Checks.defaults(CheckSettings.defaults()), history)).extracting(Finding::key)
                .containsExactly("broker-down/broker=2", "dlq-depth/topic=orders.dlq");
    }

    @Test
    void aThrowingCheckBecomesUnknownAndTheOthersStillRun() {
        Finding ok = new Finding("x/y=1", "x", Severity.INFO, 1, "fine", Map.of(), Map.of());
        List<Check> checks = List.of(
                check("boom", h -> {
                    throw new IllegalStateException("bad index 7");
                }),
                check("nothing", h -> null),
                check("good", h -> List.of(ok)));

        List<Finding> findings = Checks.evaluateAll(checks, SnapshotHistory.of(at(0).build()));

        assertThat(findings).extracting(Finding::key)
                .containsExactly("check-failed/check=boom", "check-failed/check=nothing", "x/y=1");
        Finding failed = findings.get(0);
        assertThat(failed.severity()).isEqualTo(Severity.UNKNOWN);
        assertThat(failed.check()).isEqualTo("check-failed");
        assertThat(failed.labels()).containsEntry("check", "boom");
        assertThat(failed.message()).contains("java.lang.IllegalStateException: bad index 7");
    }
}
