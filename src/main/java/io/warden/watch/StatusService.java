package io.warden.watch;

import io.warden.kafka.KafkaConnection;
import io.warden.kafka.ProbeScope;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Cluster health now: one full snapshot judged by every built-in check, for {@code warden status}.
 * Checks that need a window (trends, STALL) see a single snapshot and stay quiet about them; lag
 * seconds come from reading the next message of each lagging partition.
 */
public final class StatusService {

    private final KafkaConnection connection;
    private final CheckSettings settings;
    private final Clock clock;
    private final UnaryOperator<Snapshot> enrich;
    private final List<Check> more;

    public StatusService(KafkaConnection connection, CheckSettings settings, Clock clock) {
        this(connection, settings, clock, UnaryOperator.identity(), List.of());
    }

    /**
     * @param enrich adds what other probes saw at the same time (certificates, listeners) to the snapshot
     * @param more   checks run after the built-in ones, on the enriched snapshot
     */
    public StatusService(KafkaConnection connection, CheckSettings settings, Clock clock, UnaryOperator<Snapshot> enrich,
                         List<Check> more) {
        this.connection = connection;
        this.settings = settings;
        this.clock = clock;
        this.enrich = enrich;
        this.more = List.copyOf(more);
    }

    /** @param expectedBrokers brokers that must be present besides those the cluster knows of */
    public CycleResult status(Set<Integer> expectedBrokers) {
        Snapshot snapshot;
        try (var dating = new io.warden.kafka.OffsetTimeProbe(connection.settings(), clock)) {
            snapshot = dating.date(connection.probe(clock).collect(ProbeScope.everything(expectedBrokers)), t -> true,
                    connection.settings().timeout());
        }
        var history = SnapshotHistory.of(enrich.apply(snapshot));
        var lag = new LagEvaluator(settings);
        List<Check> checks = new ArrayList<>(Checks.defaults(settings, lag));
        checks.addAll(more);
        return CycleResult.judge(history, lag, checks);
    }
}
