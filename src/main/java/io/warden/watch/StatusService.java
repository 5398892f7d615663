package io.warden.watch;

import io.warden.kafka.KafkaConnection;
import io.warden.kafka.ProbeScope;
import io.warden.snapshot.SnapshotHistory;
import java.time.Clock;
import java.util.Set;

/**
 * Cluster health now: one full snapshot judged by every built-in check, for {@code warden status}.
 * Checks that need a window (trends, STALL) see a single snapshot and stay quiet about them; lag
 * seconds come from reading the next message of each lagging partition.
 */
public final class StatusService {

    private final KafkaConnection connection;
    private final CheckSettings settings;
    private final Clock clock;

    public StatusService(KafkaConnection connection, CheckSettings settings, Clock clock) {
        this.connection = connection;
        this.settings = settings;
        this.clock = clock;
    }

    /** @param expectedBrokers brokers that must be present besides those the cluster knows of */
    public CycleResult status(Set<Integer> expectedBrokers) {
        io.warden.snapshot.Snapshot snapshot;
        try (var dating = new io.warden.kafka.OffsetTimeProbe(connection.settings(), clock)) {
            snapshot = dating.date(connection.probe(clock).collect(ProbeScope.everything(expectedBrokers)), t -> true,
                    connection.settings().timeout());
        }
        var history = SnapshotHistory.of(snapshot);
        var lag = new LagEvaluator(settings);
        return CycleResult.judge(history, lag, Checks.defaults(settings, lag));
    }
}
