package io.warden.runbook.groups;

import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.MemberInfo;
import io.warden.watch.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Walks the high-lag runbook over two reads of a group a few seconds apart: how lag is spread
 * over partitions, members against partitions, rebalances, produce against consume rate, time to
 * drain; then says what to do. Pure: everything comes from the two samples.
 */
public final class LagAnalyzer {

    /** A partition is a hot spot when its lag is at least this many times the median. */
    static final double SKEW_FACTOR = 3.0;
    /** Below this many messages, how lag is spread says nothing. */
    static final long SKEW_MIN_LAG = 10;

    private LagAnalyzer() {
    }

    /**
     * @param warning  lag at or above which the severity is WARNING, or null
     * @param critical lag at or above which the severity is CRITICAL, or null
     */
    /** Log end - committed; for a share group the lag its broker reports (records past its start offset may be done). */
    private static long lag(LagSample s, TopicPartition tp) {
        GroupInfo g = s.group();
        if (g.type() == GroupType.SHARE) {
            return Math.max(0, g.reportedLag().getOrDefault(tp, 0L));
        }
        Long committed = g.committed().get(tp);
        return committed == null ? 0 : Math.max(0, s.logEnds().getOrDefault(tp, 0L) - committed);
    }

    public static LagDiagnosis analyze(LagSample before, LagSample after, Long warning, Long critical) {
        GroupInfo g = after.group();
        double seconds = Math.max(0.001, (after.at().toEpochMilli() - before.at().toEpochMilli()) / 1000.0);
        List<TopicPartition> tps = partitionsOf(after);
        List<LagDiagnosis.PartitionLag> rows = new ArrayList<>();
        long produced = 0;
        long consumed = 0;
        for (TopicPartition tp : tps) {
            Long committed = g.committed().get(tp);
            long end = after.logEnds().getOrDefault(tp, 0L);
            long lag = lag(after, tp);
            rows.add(new LagDiagnosis.PartitionLag(tp.topic(), tp.partition(), committed, end, lag,
                    g.owner(tp).map(MemberInfo::memberId).orElse(null)));
            Long endBefore = before.logEnds().get(tp);
            if (endBefore != null) {
                produced += Math.max(0, end - endBefore);
            }
            Long committedBefore = before.group().committed().get(tp);
            if (g.type() == GroupType.SHARE) {
                // records acknowledged out of order leave the start offset behind: count what left the lag
                consumed += Math.max(0, lag(before, tp) + (endBefore == null ? 0 : end - endBefore) - lag);
            } else if (committed != null && committedBefore != null) {
                consumed += Math.max(0, committed - committedBefore);
            }
        }
        long total = rows.stream().mapToLong(LagDiagnosis.PartitionLag::lag).sum();
        double produceRate = produced / seconds;
        double consumeRate = consumed / seconds;

        List<Long> lags = rows.stream().map(LagDiagnosis.PartitionLag::lag).sorted().toList();
        long max = lags.isEmpty() ? 0 : lags.get(lags.size() - 1);
        long median = lags.isEmpty() ? 0 : lags.get((lags.size() - 1) / 2);
        Double ratio = max == 0 ? null : median == 0 ? Double.POSITIVE_INFINITY : (double) max / median;
        List<String> skewed = new ArrayList<>();
        if (rows.size() >= 2 && max >= SKEW_MIN_LAG && ratio >= SKEW_FACTOR) {
            rows.stream().filter(r -> r.lag() >= SKEW_MIN_LAG && r.lag() >= SKEW_FACTOR * median)
                    .sorted(Comparator.comparingLong(LagDiagnosis.PartitionLag::lag).reversed())
                    .forEach(r -> skewed.add(r.topic() + "-" + r.partition()));
        }
        List<String> idle = g.members().stream().filter(m -> m.assignment().isEmpty()).map(MemberInfo::memberId).toList();
        List<String> unassigned = g.members().isEmpty() ? List.of() : rows.stream().filter(r -> r.owner() == null)
                .map(r -> r.topic() + "-" + r.partition()).toList();
        String rebalance = rebalance(before.group(), g);
        Double drain = total == 0 ? Double.valueOf(0) : consumeRate > produceRate ? total / (consumeRate - produceRate) : null;

        List<String> advice = new ArrayList<>();
        if (total == 0) {
            advice.add("no lag: the group is caught up");
        } else if (g.members().isEmpty()) {
            advice.add("the group has no active members, so nothing consumes its " + total + " messages of lag: start its"
                    + " consumers, or reset its offsets if the backlog is not wanted");
        }
        if (!unassigned.isEmpty()) {
            advice.add(unassigned.size() + " of " + rows.size() + " partitions have no member (" + String.join(", ", unassigned)
                    + "): scale out or check assignment (subscriptions, assignor, a rebalance in progress)");
        }
        if (!idle.isEmpty()) {
            advice.add(idle.size() + " of " + g.members().size() + " members have no partition: more consumers than"
                    + " partitions; add partitions to scale further");
        }
        if (!skewed.isEmpty()) {
            advice.add("lag is skewed to partition" + (skewed.size() > 1 ? "s " : " ") + String.join(", ", skewed)
                    + " (max " + max + " vs median " + median + "): a hot key, or a slow or stuck consumer on "
                    + (skewed.size() > 1 ? "those partitions" : "that partition"));
        }
        if (rebalance.startsWith("rebalanced")) {
            advice.add("the group " + rebalance + ": consumers may be crashing, scaling, or exceeding max.poll.interval.ms");
        }
        if (total > 0 && !g.members().isEmpty()) {
            if (consumed == 0) {
                advice.add("members are present but " + (g.type() == GroupType.SHARE ? "acknowledged" : "committed")
                        + " nothing in " + fmt(seconds) + " s: consumers are stuck or"
                        + " commit rarely (a poison message, a slow downstream call, a long processing loop)");
            } else if (drain != null) {
                advice.add("consumers keep up with producers (" + rate(consumeRate) + " consumed vs " + rate(produceRate)
                        + " produced); lag will drain in ~" + human(drain));
            } else {
                advice.add("consumers fall behind: " + rate(produceRate) + " produced vs " + rate(consumeRate)
                        + " consumed; scale out consumers (up to the partition count) or speed up processing");
            }
        }
        Severity severity = critical != null && total >= critical ? Severity.CRITICAL
                : warning != null && total >= warning ? Severity.WARNING : Severity.OK;
        return new LagDiagnosis(g.groupId(), g.type(), g.state(), severity, total, rows, ratio == null || ratio.isInfinite() ? null : round(ratio),
                skewed, g.members().size(), idle, unassigned, rebalance, seconds, round(produceRate), round(consumeRate),
                drain == null ? null : round(drain), advice);
    }

    private static List<TopicPartition> partitionsOf(LagSample s) {
        Set<String> topics = new HashSet<>();
        s.group().committed().keySet().forEach(tp -> topics.add(tp.topic()));
        s.group().members().forEach(m -> m.assignment().forEach(tp -> topics.add(tp.topic())));
        Set<TopicPartition> all = new HashSet<>(s.group().committed().keySet());
        s.logEnds().keySet().stream().filter(tp -> topics.contains(tp.topic())).forEach(all::add);
        return all.stream().sorted(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition)).toList();
    }

    private static String rebalance(GroupInfo before, GroupInfo after) {
        boolean changed = !before.generationFingerprint().equals(after.generationFingerprint());
        if (after.epoch() >= 0) {
            return changed ? "rebalanced during the sample (epoch " + before.epoch() + " -> " + after.epoch() + ")"
                    : "no rebalance during the sample (epoch " + after.epoch() + ")";
        }
        if (changed) {
            return "rebalanced during the sample (members or assignment changed)";
        }
        return "membership unchanged during the sample; past rebalances are not observable in one look"
                + " (classic groups expose no generation id; warden watch counts them)";
    }

    /** A duration as one would say it: 42s, 4m, 2h, 3d. */
    public static String human(double seconds) {
        if (seconds < 90) {
            return Math.round(seconds) + "s";
        } else if (seconds < 90 * 60) {
            return Math.round(seconds / 60) + "m";
        } else if (seconds < 48 * 3600) {
            return Math.round(seconds / 3600) + "h";
        }
        return Math.round(seconds / 86400) + "d";
    }

    private static String rate(double perSecond) {
        return fmt(perSecond) + "/s";
    }

    private static String fmt(double v) {
        return v < 10 ? String.format("%.1f", v) : String.format("%.0f", v);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
