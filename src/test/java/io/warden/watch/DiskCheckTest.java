package io.warden.watch;

import static io.warden.watch.Snapshots.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.LogDirInfo;
import io.warden.snapshot.SnapshotHistory;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class DiskCheckTest {

    private static final long GIB = 1L << 30;

    private final DiskCheck check = new DiskCheck(CheckSettings.defaults()); // 80 % / 90 %, 5 largest topics

    private static LogDirInfo dir(int broker, double usedFraction, Map<String, Long> bytesByTopic) {
        long total = 100 * GIB;
        return new LogDirInfo(broker, "/data", total, Math.round(total * (1 - usedFraction)), bytesByTopic, null);
    }

    @Test
    void roomyAndUnreportedVolumesHaveNoFinding() {
        SnapshotHistory history = SnapshotHistory.of(at(0)
                .logDir(dir(1, 0.5, Map.of("orders", GIB)))
                .logDir(new LogDirInfo(2, "/data", -1, -1, Map.of("orders", GIB), null)).build());

        assertThat(check.evaluate(history)).isEmpty();
    }

    @Test
    void fillingVolumeIsAWarningNamingTheLargestTopics() {
        SnapshotHistory history = SnapshotHistory.of(at(0)
                .logDir(dir(1, 0.85, Map.of("a", 10L, "b", 20L, "c", 30L, "d", 40L, "e", 50L, "f", 60L)))
                .logDir(dir(2, 0.5, Map.of("a", 100L))).build());

        assertThat(check.evaluate(history)).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("disk-usage/broker=1/dir=/data");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.value()).isCloseTo(0.85, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(f.labels()).isEqualTo(Map.of("broker", "1", "dir", "/data"));
            assertThat(f.evidence()).containsEntry("usedByKafkaBytes", 210L).containsEntry("totalBytes", 100 * GIB);
            assertThat(f.evidence().get("largestTopics")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(
                    Map.of("topic", "a", "bytes", 110L), Map.of("topic", "f", "bytes", 60L),
                    Map.of("topic", "e", "bytes", 50L), Map.of("topic", "d", "bytes", 40L),
                    Map.of("topic", "c", "bytes", 30L));
            assertThat(f.message()).isEqualTo("log dir /data on broker 1 is 85.0% full (15.0 GiB free of 100.0 GiB,"
                    + " Kafka uses 210 B)");
        });
    }

    @Test
    void nearlyFullVolumeIsCritical() {
        Finding f = check.evaluate(SnapshotHistory.of(at(0).logDir(dir(3, 0.95, Map.of())).build())).get(0);

        assertThat(f.key()).isEqualTo("disk-usage/broker=3/dir=/data");
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void largestTopicsFollowTheSetting() {
        CheckSettings one = CheckSettings.defaults();
        one = new CheckSettings(Duration.ofMinutes(5), one.lagWarning(), one.lagCritical(), one.dlqPatterns(),
                one.dlqWarning(), one.dlqCritical(), one.diskWarning(), one.diskCritical(), one.urpCriticalPercent(), 1, 1_000, 3,
                one.quorumCatchUpTimeout());

        Finding f = new DiskCheck(one).evaluate(SnapshotHistory.of(
                at(0).logDir(dir(1, 0.85, Map.of("a", 10L, "b", 20L))).build())).get(0);

        assertThat(f.evidence().get("largestTopics")).asInstanceOf(InstanceOfAssertFactories.LIST).containsExactly(Map.of("topic", "b", "bytes", 20L));
    }

    @Test
    void offlineLogDirIsCritical() {
        SnapshotHistory history = SnapshotHistory.of(at(0)
                .logDir(new LogDirInfo(2, "/data2", -1, -1, Map.of(), "KafkaStorageException")).build());

        assertThat(check.evaluate(history)).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("log-dir-offline/broker=2/dir=/data2");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).isEqualTo("log dir /data2 on broker 2 is offline: KafkaStorageException");
        });
    }
}
