package io.warden.dr;

import io.warden.WardenException;
import io.warden.dr.ExactPosition.Anchor;
import io.warden.dr.FailoverPlan.GroupMove;
import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.dr.MirrorRecords.OffsetSync;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.GroupProbe;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.RecordText;
import io.warden.kafka.TopicScan;
import io.warden.runbook.groups.GroupOffsetsService;
import io.warden.runbook.groups.ResetPlan;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.ProbeFailure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Moves consumer groups from the source of a pair to its target: plans, per group and partition,
 * the position to commit on the target (exact where {@link ExactPosition} proves it, MirrorMaker's
 * translation otherwise), and commits a plan after checking again that nothing changed that
 * matters. Serves {@code dr failover} (source to DR) and {@code dr failback} (the reversed pair).
 */
public final class FailoverService {

    /** Which groups: the named ones, or every group MirrorMaker checkpointed. */
    public record Selection(List<String> groups, boolean allGroups) {
        public Selection {
            groups = List.copyOf(new LinkedHashSet<>(groups));
            if (groups.isEmpty() == !allGroups) {
                throw new WardenException(WardenException.USAGE, allGroups ? "--all-groups and --group exclude each other: give one"
                        : "name the group(s) with --group G (repeatable), or pass --all-groups");
            }
        }
    }

    /** @param maxCompare the most records compared per partition to prove an exact position */
    public record Options(long maxCompare) {
        public Options {
            if (maxCompare < 0) {
                throw new WardenException(WardenException.USAGE, "--max-compare " + maxCompare + " is negative: give 0 (never"
                        + " compare) or more");
            }
        }
    }

    private final Clock clock;

    public FailoverService(Clock clock) {
        this.clock = clock;
    }

    /** The plan; nothing is changed. The target must answer; the source may be down. */
    public FailoverPlan plan(DrPair pair, Selection selection, Options options) {
        return plan(pair, selection, options, null);
    }

    /**
     * As {@link #plan(DrPair, Selection, Options)}; with {@code forward} (a failback), a partition
     * of a replica the forward flow wrote goes back to its original, through the forward flow's
     * offset-syncs read the other way.
     */
    FailoverPlan plan(DrPair pair, Selection selection, Options options, MirrorNaming forward) {
        try (KafkaConnection target = KafkaConnection.open(pair.target().connection());
             TopicScan targetScan = TopicScan.open(pair.target().connection(), clock);
             SourceSide source = SourceSide.open(pair, clock)) {
            String checkpointsTopic = pair.naming().checkpointsTopic();
            var checkpoints = read(target.access(), "reading MirrorMaker's checkpoints on " + pair.target().name(),
                    checkpointsTopic, () -> MirrorRecords.checkpoints(targetScan, checkpointsTopic));
            List<String> names = selection.allGroups() ? checkpoints.value().keySet().stream().filter(pair.groups()::test).toList()
                    : selection.groups();
            Map<String, GroupInfo> onTarget = groups(target, pair.target().name(), names);
            Map<String, GroupInfo> onSource = source.problem == null ? groups(source.connection, pair.source().name(), names) : Map.of();
            Map<TopicPartition, List<Anchor>> anchors = source.problem == null
                    ? read(source.connection.access(), "reading MirrorMaker's offset-syncs", pair.naming().offsetSyncsTopic(),
                        () -> anchors(pair.naming().offsetSyncsTopic(), source.scan, targetScan)) : Map.of();
            Map<TopicPartition, List<Anchor>> inverse = forward != null && source.problem == null
                    ? inverted(forward, read(target.access(), "reading MirrorMaker's offset-syncs", forward.offsetSyncsTopic(),
                        () -> anchors(forward.offsetSyncsTopic(), targetScan, source.scan))) : Map.of();
            MovePlanner planner = new MovePlanner(pair, options.maxCompare(), source.problem == null ? source.scan : null, targetScan,
                    anchors, forward, inverse, source.problem == null ? source.connection.access() : null, target.access());
            List<GroupMove> moves = new ArrayList<>();
            for (String g : names) {
                moves.add(planner.group(g, onTarget.get(g), onSource.get(g),
                        bySourcePartition(pair.naming(), checkpoints.value().getOrDefault(g, Map.of()))));
            }
            return new FailoverPlan(pair, source.problem, options.maxCompare(), moves);
        }
    }

    /**
     * Commits the plan on the target. Right before, checks again that every group is still empty
     * and that no replica partition ends below its position; then hands the offsets it replaces
     * to {@code beforeCommit} (the undo file), then commits.
     *
     * @throws WardenException 64 when the plan is blocked or something changed since it was made; nothing is changed then
     */
    public void execute(FailoverPlan plan, Consumer<ResetPlan> beforeCommit) {
        if (plan.blocked()) {
            GroupMove g = plan.groups().stream().filter(x -> x.refused() != null).findFirst().orElseThrow();
            throw new WardenException(WardenException.USAGE, "cannot move group '" + RecordText.escape(g.group()) + "' to "
                    + plan.pair().target().name() + ": " + g.refused());
        }
        DrPair pair = plan.pair();
        try (KafkaConnection target = KafkaConnection.open(pair.target().connection());
             TopicScan scan = TopicScan.open(pair.target().connection(), clock)) {
            List<String> names = plan.groups().stream().map(GroupMove::group).toList();
            Map<String, GroupInfo> now = groups(target, pair.target().name(), names);
            Map<TopicPartition, Long> positions = new HashMap<>();
            plan.groups().forEach(g -> g.partitions().stream().filter(p -> p.position() != null)
                    .forEach(p -> positions.put(new TopicPartition(p.replicaTopic(), p.partition()), p.position())));
            for (String g : names) {
                String refused = refusal(now.get(g));
                if (refused != null) {
                    throw new WardenException(WardenException.USAGE, "cannot move group '" + RecordText.escape(g) + "' to "
                            + pair.target().name() + ": " + refused + " (checked again before committing; nothing was changed)");
                }
            }
            Map<TopicPartition, Long> ends = positions.isEmpty() ? Map.of() : scan.ends(positions.keySet());
            positions.forEach((tp, position) -> {
                long end = ends.getOrDefault(tp, -1L);
                if (end < position) {
                    throw new WardenException(WardenException.USAGE, "replica partition " + RecordText.escape(tp.toString())
                            + " on " + pair.target().name() + " now ends at " + end + ", below the planned position " + position
                            + " (was the topic deleted or truncated?); nothing was changed: plan again");
                }
            });
            ResetPlan reset = plan.asReset();
            beforeCommit.accept(reset);
            new GroupOffsetsService(target, clock).applyReset(reset);
        }
    }

    /** Runs a read of {@code topic}; a refusal of the authorizer becomes the kafka-acls line that allows it. */
    static <T> T read(AccessAdvice access, String purpose, String topic, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (AccessAdvice.authorization(e) == null || e instanceof WardenException) {
                throw e;
            }
            throw access.denied(purpose, AclOperation.READ, ResourceType.TOPIC, topic, e);
        }
    }

    /** A checkpoint names the replica partition; the plan goes by the source partition it copies. */
    static Map<TopicPartition, GroupCheckpoint> bySourcePartition(MirrorNaming naming, Map<TopicPartition, GroupCheckpoint> byReplica) {
        Map<TopicPartition, GroupCheckpoint> out = new HashMap<>();
        byReplica.forEach((rtp, c) -> {
            String upstream = naming.policy().upstreamTopic(rtp.topic());
            if (upstream != null && naming.replicaOf(upstream).equals(rtp.topic())) {
                out.put(new TopicPartition(upstream, rtp.partition()), c);
            }
        });
        return out;
    }

    /** Why a group on the target cannot take new offsets now, or null. */
    static String refusal(GroupInfo g) {
        if (g == null) {
            return null;
        }
        if (!g.members().isEmpty()) {
            return "it has " + g.members().size() + " active member(s) there: " + g.members().stream()
                    .map(m -> RecordText.escape(m.memberId()) + " (client " + RecordText.escape(m.clientId()) + ", host "
                            + RecordText.escape(m.host()) + ")").toList() + "; stop its consumers first";
        }
        if (g.type() == GroupType.SHARE || g.type() == GroupType.STREAMS) {
            return "it is a " + g.type().name().toLowerCase(java.util.Locale.ROOT) + " group there, which has no consumer offsets"
                    + " to commit; delete it there first if it is left over";
        }
        if (g.problem() != null) {
            return "it could not be described there (" + g.problem() + ")";
        }
        return null;
    }

    /**
     * The groups as {@code cluster} has them. A group that could not be read stops the plan: its
     * committed offsets or its members would be guessed otherwise.
     */
    private static Map<String, GroupInfo> groups(KafkaConnection c, String cluster, List<String> names) {
        Map<String, GroupInfo> out = new HashMap<>();
        if (names.isEmpty()) {
            return out;
        }
        List<ProbeFailure> failures = new ArrayList<>();
        GroupProbe.read(c.admin(), c.settings().timeout(), Set.copyOf(names), failures).forEach(g -> out.put(g.groupId(), g));
        for (ProbeFailure f : failures) {
            String group = f.target().equals("*") ? "*" : f.target();
            throw new WardenException(WardenException.UNAVAILABLE, AccessAdvice.isRefusal(f.message())
                    ? c.access().needs("reading group '" + RecordText.escape(group) + "' on " + cluster, AclOperation.DESCRIBE,
                        ResourceType.GROUP, group)
                    : "cannot read group '" + RecordText.escape(group) + "' on " + cluster + ": " + RecordText.escape(f.message())
                        + "; nothing was changed");
        }
        return out;
    }

    /**
     * Every offset-sync of {@code topic} as an anchor per partition: from {@code first}, or from
     * {@code second} where MirrorMaker keeps them there ({@code offset-syncs.topic.location}).
     */
    private static Map<TopicPartition, List<Anchor>> anchors(String topic, TopicScan first, TopicScan second) {
        var read = MirrorRecords.offsetSyncHistory(first, topic);
        if (!read.exists()) {
            read = MirrorRecords.offsetSyncHistory(second, topic);
        }
        Map<TopicPartition, List<Anchor>> out = new HashMap<>();
        read.value().forEach((tp, syncs) -> out.put(tp, syncs.stream().map(FailoverService::anchor).toList()));
        return out;
    }

    /** The forward flow's anchors read the other way: from replica offset to source offset, by replica partition. */
    static Map<TopicPartition, List<Anchor>> inverted(MirrorNaming forward, Map<TopicPartition, List<Anchor>> anchors) {
        Map<TopicPartition, List<Anchor>> out = new HashMap<>();
        anchors.forEach((tp, list) -> out.put(forward.replicaOf(tp),
                list.stream().map(a -> new Anchor(a.downstream(), a.upstream())).toList()));
        return out;
    }

    private static Anchor anchor(OffsetSync s) {
        return new Anchor(s.upstream(), s.downstream());
    }

    /** The source cluster, or why it cannot be read: a failover must work with the source down. */
    private static final class SourceSide implements AutoCloseable {
        final KafkaConnection connection;
        final TopicScan scan;
        final String problem;

        private SourceSide(KafkaConnection connection, TopicScan scan, String problem) {
            this.connection = connection;
            this.scan = scan;
            this.problem = problem;
        }

        static SourceSide open(DrPair pair, Clock clock) {
            KafkaConnection c;
            try {
                c = KafkaConnection.open(pair.source().connection());
            } catch (WardenException e) {
                if (e.exitCode() != WardenException.UNAVAILABLE) {
                    throw e;
                }
                return new SourceSide(null, null, pair.source().name() + " is unreachable: " + e.getMessage());
            }
            try {
                return new SourceSide(c, TopicScan.open(pair.source().connection(), clock), null);
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
        }

        @Override
        public void close() {
            if (scan != null) {
                scan.close();
            }
            if (connection != null) {
                connection.close();
            }
        }
    }
}
