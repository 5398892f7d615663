package io.warden.watch;

import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.OffsetTimeProbe;
import io.warden.kafka.ProbeScope;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One-shot lag: a single snapshot of the groups asked for, with the next message of every lagging
 * partition dated exactly (its append time) so lag seconds need no history. Serves {@code warden lag}
 * and anything else that needs lag now rather than a watch loop's view.
 */
public final class LagService {

    private final KafkaConnection connection;
    private final CheckSettings settings;
    private final Clock clock;

    public LagService(KafkaConnection connection, CheckSettings settings, Clock clock) {
        this.connection = connection;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param groups groups to report, empty for all
     * @param topics topics to report, empty for all
     */
    public LagResult lag(Set<String> groups, Set<String> topics) {
        Snapshot snapshot;
        try (var dating = new OffsetTimeProbe(connection.settings(), clock)) {
            snapshot = connection.probe(clock).collect(ProbeScope.lagOnly(groups.isEmpty() ? null : groups));
            requireExisting(snapshot, groups, topics);
            snapshot = dating.date(snapshot, t -> topics.isEmpty() || topics.contains(t), connection.settings().timeout());
        }
        List<GroupLag> lags = new LagEvaluator(settings).evaluate(SnapshotHistory.of(snapshot)).stream()
                .map(g -> topics.isEmpty() ? g : g.only(p -> topics.contains(p.topic())))
                .filter(g -> !g.partitions().isEmpty() || topics.isEmpty())
                .toList();
        return new LagResult(snapshot, lags);
    }

    /** The snapshot the lag was computed from and the lag per group. */
    public record LagResult(Snapshot snapshot, List<GroupLag> groups) {
    }

    private static void requireExisting(Snapshot snapshot, Set<String> groups, Set<String> topics) {
        for (String group : groups) {
            // refused, not missing: say what the principal lacks
            snapshot.failures().stream()
                    .filter(f -> (f.probe().equals("groups") || f.probe().equals("group-offsets")) && f.target().equals(group)
                            && io.warden.kafka.AccessAdvice.isRefusal(f.message()))
                    .findFirst().ifPresent(f -> {
                        throw new WardenException(WardenException.UNAVAILABLE, f.message());
                    });
            var found = snapshot.group(group);
            if (found.isEmpty() || ("DEAD".equals(found.get().state()) && found.get().committed().isEmpty())) {
                throw new WardenException(WardenException.USAGE, "consumer group '" + group
                        + "' does not exist; list groups with: warden lag");
            }
        }
        for (String topic : topics) {
            if (snapshot.topic(topic).isEmpty()) {
                Set<String> names = new TreeSet<>();
                snapshot.topics().stream().filter(t -> !t.internal()).forEach(t -> names.add(t.name()));
                throw new WardenException(WardenException.USAGE, "topic '" + topic + "' does not exist; topics are "
                        + (names.size() > 20 ? List.copyOf(names).subList(0, 20) + " ..." : names));
            }
        }
    }

}
