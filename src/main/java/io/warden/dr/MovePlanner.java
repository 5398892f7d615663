package io.warden.dr;

import io.warden.dr.ExactPosition.Anchor;
import io.warden.dr.ExactPosition.Exact;
import io.warden.dr.ExactPosition.Fallback;
import io.warden.dr.ExactPosition.Outcome;
import io.warden.dr.FailoverPlan.GroupMove;
import io.warden.dr.FailoverPlan.PartitionMove;
import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.RecordText;
import io.warden.kafka.TopicScan;
import io.warden.snapshot.GroupInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans the move of one group at a time with what {@link FailoverService} read once for all of
 * them: per partition, where the group continues on the target, exact where the records prove it.
 */
final class MovePlanner {

    private final DrPair pair;
    private final long maxCompare;
    private final TopicScan source;
    private final TopicScan target;
    private final Map<TopicPartition, List<Anchor>> anchors;
    private final MirrorNaming forward;
    /** The forward flow's syncs read the other way, by replica partition (see {@link FailoverService#inverted}). */
    private final Map<TopicPartition, List<Anchor>> inverse;
    private final Map<String, List<TopicPartition>> replicaParts = new HashMap<>();
    private final AccessAdvice sourceAccess;
    private final AccessAdvice targetAccess;

    MovePlanner(DrPair pair, long maxCompare, TopicScan source, TopicScan target, Map<TopicPartition, List<Anchor>> anchors,
            MirrorNaming forward, Map<TopicPartition, List<Anchor>> inverse, AccessAdvice sourceAccess,
            AccessAdvice targetAccess) {
        this.sourceAccess = sourceAccess;
        this.targetAccess = targetAccess;
        this.pair = pair;
        this.maxCompare = maxCompare;
        this.source = source;
        this.target = target;
        this.anchors = anchors;
        this.forward = forward;
        this.inverse = inverse;
    }

    /** The original of a replica the forward flow wrote, or null when {@code topic} is none. */
    private String original(String topic) {
        if (forward == null) {
            return null;
        }
        String upstream = forward.policy().upstreamTopic(topic);
        return upstream != null && !upstream.equals(topic) && forward.replicaOf(upstream).equals(topic) ? upstream : null;
    }

    GroupMove group(String group, GroupInfo onTarget, GroupInfo onSource, Map<TopicPartition, GroupCheckpoint> checkpoints) {
        Map<TopicPartition, Long> committed = onSource == null ? Map.of() : onSource.committed();
        Set<TopicPartition> parts = new TreeSet<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        committed.keySet().stream().filter(tp -> !pair.naming().isMirrorInternal(tp.topic())).forEach(parts::add);
        parts.addAll(checkpoints.keySet());
        List<PartitionMove> rows = new ArrayList<>();
        String refused = FailoverService.refusal(onTarget);
        for (TopicPartition tp : parts) {
            PartitionMove row = partition(tp, committed.get(tp), checkpoints.get(tp), onTarget);
            rows.add(row);
            if (refused == null && row.position() == null && needed(row)) {
                refused = "no position for " + RecordText.escape(tp.toString()) + ": " + row.note();
            }
        }
        if (refused == null && rows.stream().noneMatch(r -> r.position() != null)) {
            refused = onSource == null && checkpoints.isEmpty() ? "MirrorMaker has no checkpoint of it and "
                    + pair.source().name() + " was not read: nothing to translate" : "it has no replicated partition to move";
        }
        boolean missing = onTarget == null || "DEAD".equals(onTarget.state());
        return new GroupMove(group, missing ? "NONE" : onTarget.type().name(), missing ? "NONE" : onTarget.state(),
                onTarget == null ? List.of() : onTarget.members().stream().map(m -> RecordText.escape(m.memberId())).toList(),
                refused, rows);
    }

    /** A partition skipped on purpose (not replicated, or replicated the other way) does not block the group. */
    private boolean needed(PartitionMove row) {
        return !row.note().startsWith(NOT_REPLICATED) && !row.note().startsWith(CYCLE);
    }

    private static final String NOT_REPLICATED = "not replicated";
    private static final String CYCLE = "replicated from ";

    private PartitionMove partition(TopicPartition tp, Long fromSource, GroupCheckpoint checkpoint, GroupInfo onTarget) {
        String original = checkpoint == null ? original(tp.topic()) : null;
        String replica = original != null ? original : pair.naming().replicaOf(tp.topic());
        TopicPartition rtp = new TopicPartition(replica, tp.partition());
        long committed = fromSource != null ? fromSource : checkpoint.upstream();
        String from = fromSource != null ? "source" : "checkpoint";
        Long translation = checkpoint == null ? null : checkpoint.downstream();
        String stale = null;
        if (fromSource != null && checkpoint != null && fromSource < checkpoint.upstream()) {
            // the group moved back after MirrorMaker's last checkpoint: its translation is of a later offset
            translation = null;
            stale = "MirrorMaker's checkpoint is of offset " + checkpoint.upstream() + ", past the group's " + fromSource
                    + " (moved back since): its translation would skip records";
        }
        Long previous = onTarget == null ? null : onTarget.committed().get(rtp);
        String upstreamOf = pair.naming().policy().topicSource(tp.topic());
        if (original == null && checkpoint == null && upstreamOf != null && upstreamOf.equals(pair.naming().targetAlias())) {
            return skipped(tp, replica, committed, from, previous, CYCLE + pair.target().name() + ": MirrorMaker does not"
                    + " replicate it back; its original is there");
        }
        if (original == null && checkpoint == null && !pair.topics().test(tp.topic())) {
            return skipped(tp, replica, committed, from, previous, NOT_REPLICATED + " (outside MirrorMaker's topics)");
        }
        if (!FailoverService.read(targetAccess, "reading the replica on " + pair.target().name(), replica, () -> replicaParts(replica))
                .contains(rtp)) {
            return skipped(tp, replica, committed, from, previous, "the replica " + RecordText.escape(replica)
                    + " has no partition " + tp.partition() + " on " + pair.target().name());
        }
        long start = FailoverService.read(targetAccess, "reading the replica on " + pair.target().name(), replica,
                () -> target.beginnings(List.of(rtp)).get(rtp));
        long end = FailoverService.read(targetAccess, "reading the replica on " + pair.target().name(), replica,
                () -> target.ends(List.of(rtp)).get(rtp));
        List<Anchor> syncs = original != null ? inverse.getOrDefault(tp, List.of()) : anchors.getOrDefault(tp, List.of());
        Anchor anchor = ExactPosition.anchor(committed, syncs).orElse(null);
        Outcome outcome = exact(tp, rtp, committed, translation, anchor, start, end);
        Long exact = outcome instanceof Exact e ? e.position() : null;
        String note = outcome instanceof Fallback f ? f.reason() : null;
        note = stale == null || exact != null ? note : stale + (note == null ? "" : "; " + note);
        boolean bounded = outcome instanceof Fallback f && f.bounded();
        if (outcome instanceof Fallback f && f.conflict()) {
            translation = null; // neither is safe: the operator decides (--max-compare 0 keeps the translation)
        }
        if (original != null && translation == null && anchor != null) {
            // no checkpoint goes this way: the offset-sync itself is the conservative translation
            translation = anchor.downstream();
        }
        Long position = exact != null ? exact : translation;
        if (position != null && position > end) {
            note = (note == null ? "" : note + "; ") + "the position " + position + " is past the replica's end " + end;
            position = null;
        } else if (position == null && note != null) {
            note = (checkpoint == null ? "no checkpoint of MirrorMaker and " : "") + "no exact position (" + note + ")";
        }
        return new PartitionMove(tp.topic(), tp.partition(), replica, committed, from, translation, exact, note, bounded,
                position, previous, start, end);
    }

    private PartitionMove skipped(TopicPartition tp, String replica, long committed, String from, Long previous, String why) {
        return new PartitionMove(tp.topic(), tp.partition(), replica, committed, from, null, null, why, false, null,
                previous, -1, -1);
    }

    private List<TopicPartition> replicaParts(String replica) {
        return replicaParts.computeIfAbsent(replica, target::partitionsIfAny);
    }

    private Outcome exact(TopicPartition tp, TopicPartition rtp, long committed, Long translation, Anchor anchor,
                          long replicaStart, long replicaEnd) {
        if (source == null) {
            return new Fallback("the source was not read: nothing to compare", false);
        }
        if (anchor == null) {
            return ExactPosition.position(committed, translation, null, List.of(), List.of(), maxCompare);
        }
        Fallback bound = ExactPosition.beyondBound(committed, anchor, maxCompare);
        if (bound != null) {
            return bound;
        }
        long sourceStart = FailoverService.read(sourceAccess, "reading the source records to compare", tp.topic(),
                () -> source.beginnings(List.of(tp)).get(tp));
        if (anchor.upstream() < committed && anchor.upstream() < sourceStart) {
            return new Fallback("source record " + anchor.upstream() + " (MirrorMaker's offset-sync) is gone: the"
                    + " partition starts at " + sourceStart, false);
        }
        if (anchor.upstream() < committed && anchor.downstream() < replicaStart) {
            return new Fallback("replica record " + anchor.downstream() + " (MirrorMaker's offset-sync) is gone: the"
                    + " replica starts at " + replicaStart, false);
        }
        List<RecordDigest> src = new ArrayList<>();
        FailoverService.read(sourceAccess, "reading the source records to compare", tp.topic(),
                () -> source.read(Map.of(tp, anchor.upstream()), Map.of(tp, committed), maxCompare, r -> src.add(RecordDigest.of(r))));
        List<RecordDigest> rep = new ArrayList<>();
        int n = src.size();
        if (n > 0) {
            FailoverService.read(targetAccess, "reading the replica records to compare", rtp.topic(),
                    () -> target.read(Map.of(rtp, anchor.downstream()), Map.of(rtp, replicaEnd), n, r -> {
                        rep.add(RecordDigest.of(r));
                        return rep.size() < n;
                    }));
        }
        return ExactPosition.position(committed, translation, anchor, src, rep, maxCompare);
    }
}
