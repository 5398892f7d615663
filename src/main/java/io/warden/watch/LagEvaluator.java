package io.warden.watch;

import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.MemberInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.PartitionOffsets;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.LagStatusRules.Observation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Lag of every group in the latest snapshot, per partition it has a committed offset for (a share
 * group: a start offset), judged over {@link CheckSettings#window()}. Pure: time comes from the snapshots.
 *
 * <p><b>Lag</b> is {@code max(0, logEnd - committed)}, or -1 when the log end is unknown. For a share
 * group it is the lag the broker reports (-1 when it reports none), as Kafka's ShareGroupCommand
 * shows it, and "committed" below means its start offset: a share group STALLs when its start
 * offset does not move while lag > 0 and members are present.
 *
 * <p><b>Lag in seconds</b> is the age of the next message to consume (offset {@code committed}) at
 * the latest snapshot. Its append time is read from points: every snapshot's log end at its
 * {@code takenAt}, and the exact append times in {@link Snapshot#offsetTimes()}. An exact point for
 * the offset wins; otherwise the time is interpolated between the nearest points below and above.
 * When no point lies at or below the offset (an idle topic, a short history) nothing is
 * extrapolated: the earliest point above gives a lower bound and {@code lagSecondsAtLeast} is set;
 * when only the latest log end dates it, the age is unknown (null). A falling log end (topic
 * recreated, log truncated) starts the timeline afresh. Zero lag is zero seconds.
 *
 * <p><b>Trend</b> is the least-squares slope of lag over the window, messages per minute.
 *
 * <p><b>Status</b> of a partition, over the window's snapshots in which the group committed to it,
 * first rule that matches:
 * <ol>
 *   <li>REWIND: the committed offset decreased between two consecutive snapshots;</li>
 *   <li>OK: lag was zero in some snapshot, or the latest lag is unknown;</li>
 *   <li>a single instant only: STOP when the group has no active members, else OK;</li>
 *   <li>STOP / STALL: the committed offset never moved (no members / members present);</li>
 *   <li>WARN: lag never decreased and ended higher than it began;</li>
 *   <li>OK otherwise.</li>
 * </ol>
 * A group's status is its worst partition's ({@link GroupStatus#badness()}); rebalances count the
 * changes of {@link GroupInfo#generationFingerprint()} across the window's snapshots.
 */
public final class LagEvaluator {

    private final CheckSettings settings;
    /** The last history judged and its result: the monitor and the lag check ask for the same cycle. */
    private final java.util.concurrent.atomic.AtomicReference<Memo> last = new java.util.concurrent.atomic.AtomicReference<>();

    private record Memo(SnapshotHistory history, List<GroupLag> lags) {
    }

    public LagEvaluator(CheckSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public CheckSettings settings() {
        return settings;
    }

    /** One entry per group of the latest snapshot, sorted by group id; empty for an empty history. */
    public List<GroupLag> evaluate(SnapshotHistory history) {
        if (history.isEmpty()) {
            return List.of();
        }
        Memo memo = last.get();
        if (memo != null && memo.history() == history) {
            return memo.lags();
        }
        Pass pass = new Pass(history.snapshots(), history.within(settings.window()));
        List<GroupLag> lags = history.latest().groups().stream()
                .sorted(Comparator.comparing(GroupInfo::groupId))
                .map(pass::groupLag)
                .toList();
        last.set(new Memo(history, lags));
        return lags;
    }

    /** One evaluation: indexes built once and shared by every group reading the same partitions. */
    private static final class Pass {
        private final List<Snapshot> all;
        private final List<Snapshot> window;
        private final Snapshot latest;
        // by topic name, then partition number: TopicPartition's hash collides for names that differ
        // in a digit (t-10 partition 0 and t-00 partition 1), which made these lookups most of a cycle
        private final Map<Snapshot, Map<String, long[]>> logEnds = new IdentityHashMap<>();
        private final Map<Snapshot, Map<String, GroupInfo>> groups = new IdentityHashMap<>();
        private final Map<String, Map<Integer, AppendTimeline>> timelines = new HashMap<>();

        Pass(List<Snapshot> all, List<Snapshot> window) {
            this.all = all;
            this.window = window;
            this.latest = all.get(all.size() - 1);
        }

        GroupLag groupLag(GroupInfo group) {
            PartitionOffsets committed = PartitionOffsets.copyOf(group.committed());
            // the group in each snapshot of the window (null where absent), looked up once for all its partitions
            List<GroupInfo> seen = new ArrayList<>(window.size());
            for (Snapshot s : window) {
                seen.add(groups(s).get(group.groupId()));
            }
            Map<TopicPartition, MemberInfo> owners = owners(group);
            List<PartitionLag> partitions = new ArrayList<>(committed.size());
            for (int i = 0; i < committed.size(); i++) {
                long offset = committed.valueAt(i);
                if (offset >= 0) { // in partition order already
                    partitions.add(partitionLag(group, committed, i, offset, seen, owners.get(committed.keyAt(i))));
                }
            }
            return GroupLag.of(group.groupId(), group.type(), group.state(), group.members().size(),
                    rebalances(seen), partitions, group.problem());
        }

        private PartitionLag partitionLag(GroupInfo group, PartitionOffsets committedOffsets, int i, long committed,
                                          List<GroupInfo> seen, MemberInfo owner) {
            TopicPartition tp = committedOffsets.keyAt(i);
            long logEnd = logEnd(latest, tp);
            long lag = lag(group, tp, logEnd, committed);
            AppendTimeline.Age age = lag == 0 ? AppendTimeline.Age.ZERO
                    : lag < 0 ? AppendTimeline.Age.UNKNOWN
                    : timeline(tp).ageOf(committed, latest.takenAt().toEpochMilli());
            List<Observation> observations = observations(committedOffsets, i, seen);
            return new PartitionLag(group.groupId(), tp.topic(), tp.partition(), committed, logEnd, lag,
                    age.seconds(), age.atLeast(), LagStatusRules.trendPerMinute(observations),
                    LagStatusRules.judge(observations, group.hasActiveMembers()),
                    owner == null ? null : owner.memberId(),
                    owner == null ? null : owner.clientId(),
                    owner == null ? null : owner.host());
        }

        /** The partition in each snapshot of the window in which the group committed to it. */
        private List<Observation> observations(PartitionOffsets latestOffsets, int i, List<GroupInfo> seen) {
            TopicPartition tp = latestOffsets.keyAt(i);
            List<Observation> out = new ArrayList<>(seen.size());
            for (int w = 0; w < seen.size(); w++) {
                GroupInfo g = seen.get(w);
                if (g == null) {
                    continue;
                }
                PartitionOffsets offsets = PartitionOffsets.copyOf(g.committed());
                // the cycles of a group share one partition array while its partitions stay the same
                int at = offsets.sameKeysAs(latestOffsets) ? i : offsets.indexOf(tp);
                long committed = at < 0 ? -1 : offsets.valueAt(at);
                if (committed >= 0) {
                    Snapshot s = window.get(w);
                    out.add(new Observation(s.takenAt().toEpochMilli(), committed, lag(g, tp, logEnd(s, tp), committed)));
                }
            }
            return out;
        }

        /** Who reads each partition: the first member it is assigned to, as {@link GroupInfo#owner} says. */
        private static Map<TopicPartition, MemberInfo> owners(GroupInfo group) {
            if (group.members().isEmpty()) {
                return Map.of();
            }
            Map<TopicPartition, MemberInfo> out = new HashMap<>();
            for (MemberInfo m : group.members()) {
                m.assignment().forEach(tp -> out.putIfAbsent(tp, m));
            }
            return out;
        }

        private static int rebalances(List<GroupInfo> seen) {
            int changes = 0;
            String previous = null;
            for (GroupInfo g : seen) {
                if (g == null) {
                    continue; // absent (probe failed or group gone for a cycle) is not a new generation
                }
                String fingerprint = g.generationFingerprint();
                if (previous != null && !previous.equals(fingerprint)) {
                    changes++;
                }
                previous = fingerprint;
            }
            return changes;
        }

        private AppendTimeline timeline(TopicPartition tp) {
            return timelines.computeIfAbsent(tp.topic(), t -> new HashMap<>())
                    .computeIfAbsent(tp.partition(), p -> buildTimeline(tp));
        }

        private AppendTimeline buildTimeline(TopicPartition tp) {
            int start = 0;
            long previous = -1;
            for (int i = 0; i < all.size(); i++) {
                long end = logEnd(all.get(i), tp);
                if (end >= 0) {
                    if (end < previous) {
                        start = i; // offsets before a truncation or re-creation date other messages
                    }
                    previous = end;
                }
            }
            AppendTimeline timeline = new AppendTimeline();
            for (Snapshot s : all.subList(start, all.size())) {
                long end = logEnd(s, tp);
                if (end >= 0) {
                    timeline.addLogEnd(end, s.takenAt().toEpochMilli());
                }
                s.offsetTimes().getOrDefault(tp, Map.of()).forEach(timeline::addExact);
            }
            return timeline;
        }

        private long logEnd(Snapshot s, TopicPartition tp) {
            long[] ends = logEnds.computeIfAbsent(s, Pass::logEndIndex).get(tp.topic());
            return ends == null || tp.partition() < 0 || tp.partition() >= ends.length ? -1 : ends[tp.partition()];
        }

        /** Log end per topic, indexed by partition number; -1 where unknown. */
        private static Map<String, long[]> logEndIndex(Snapshot s) {
            Map<String, long[]> out = new HashMap<>();
            for (var topic : s.topics()) {
                int size = topic.partitions().stream().mapToInt(PartitionInfo::partition).max().orElse(-1) + 1;
                long[] ends = new long[size];
                java.util.Arrays.fill(ends, -1);
                topic.partitions().forEach(p -> {
                    if (p.partition() >= 0 && ends[p.partition()] == -1) {
                        ends[p.partition()] = p.logEndOffset();
                    }
                });
                out.putIfAbsent(topic.name(), ends);
            }
            return out;
        }

        private Map<String, GroupInfo> groups(Snapshot s) {
            return groups.computeIfAbsent(s, snap -> snap.groups().stream()
                    .collect(Collectors.toMap(GroupInfo::groupId, Function.identity(), (a, b) -> a)));
        }

        private static long lag(GroupInfo group, TopicPartition tp, long logEnd, long committed) {
            if (group.type() == GroupType.SHARE) {
                // the broker's count, as Kafka's ShareGroupCommand shows it: records past the start
                // offset that are already acknowledged are not lag, and only the broker knows them
                return group.reportedLag().getOrDefault(tp, -1L);
            }
            return logEnd < 0 ? -1 : Math.max(0, logEnd - committed);
        }
    }
}
