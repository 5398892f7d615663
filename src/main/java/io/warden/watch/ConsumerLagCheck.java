package io.warden.watch;

import io.warden.snapshot.SnapshotHistory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Groups of every type (classic, consumer, share, streams), through {@link LagEvaluator}:
 * <ul>
 *   <li>{@code consumer-lag/group=G} WARNING when the group's total lag reaches
 *       {@link CheckSettings#lagWarning()}, CRITICAL at {@link CheckSettings#lagCritical()}; value = total lag;</li>
 *   <li>{@code consumer-status/group=G} WARNING when the group's status is WARN, STALL, STOP or
 *       REWIND; value = number of partitions in that status, its evidence lists the
 *       {@value #TOP_PARTITIONS} most behind.</li>
 * </ul>
 */
public final class ConsumerLagCheck implements Check {

    public static final String NAME = "consumer-lag";
    static final int TOP_PARTITIONS = 10;

    private final CheckSettings settings;
    private final LagEvaluator evaluator;

    public ConsumerLagCheck(CheckSettings settings) {
        this(settings, new LagEvaluator(Objects.requireNonNull(settings, "settings")));
    }

    /** Shares an evaluator with the monitor so one cycle's lag is computed once. */
    public ConsumerLagCheck(CheckSettings settings, LagEvaluator evaluator) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        List<Finding> findings = new ArrayList<>();
        // one snapshot cannot show a trend: say so rather than call it steady
        boolean trendKnown = history.within(settings.window()).size() > 1;
        for (GroupLag group : evaluator.evaluate(history)) {
            if (group.totalLag() > 0 && group.totalLag() >= settings.lagWarning()) {
                findings.add(lag(group, trendKnown));
            }
            if (group.status() != GroupStatus.OK) {
                findings.add(status(group));
            }
            if (trendKnown && group.totalLag() > 0 && group.trendPerMinute() >= settings.lagGrowthWarning()) {
                findings.add(growing(group));
            }
            if (group.rebalances() >= settings.rebalanceWarning()) {
                findings.add(rebalancing(group));
            }
        }
        return findings;
    }

    private Finding lag(GroupLag group, boolean trendKnown) {
        Severity severity = group.totalLag() >= settings.lagCritical() ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Long> byTopic = lagByTopic(group);
        PartitionLag oldest = group.partitions().stream().filter(p -> p.lagSeconds() != null)
                .max(Comparator.comparingDouble(PartitionLag::lagSeconds)).orElse(null);
        String age = oldest == null ? "age unknown"
                : (oldest.lagSecondsAtLeast() ? "at least " : "") + Humanize.duration(oldest.lagSeconds());
        String message = name(group) + " is " + Humanize.count(group.totalLag()) + " messages (" + age
                + ") behind on " + Humanize.firstOf(List.copyOf(byTopic.keySet()), 3) + "; " + (trendKnown ? trend(group) : "trend not known yet")
                + "; status " + group.status();

        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("totalLag", group.totalLag());
        if (oldest != null) {
            evidence.put("maxLagSeconds", oldest.lagSeconds());
            evidence.put("maxLagSecondsAtLeast", oldest.lagSecondsAtLeast());
        }
        evidence.put("trendPerMinute", group.trendPerMinute());
        evidence.put("status", group.status().name());
        evidence.put("type", group.type().name());
        evidence.put("state", String.valueOf(group.state()));
        evidence.put("members", group.members());
        evidence.put("rebalances", group.rebalances());
        evidence.put("lagByTopic", byTopic);
        evidence.put("topPartitions", group.partitions().stream().filter(p -> p.lag() > 0)
                .sorted(Comparator.comparingLong(PartitionLag::lag).reversed())
                .limit(TOP_PARTITIONS).map(ConsumerLagCheck::describe).toList());
        return new Finding("consumer-lag/group=" + group.group(), "consumer-lag", severity, group.totalLag(),
                message, Map.of("group", group.group()), evidence);
    }

    private static Finding status(GroupLag group) {
        List<PartitionLag> affected = group.partitions().stream().filter(p -> p.status() == group.status()).toList();
        String message = name(group) + " is " + group.status() + " on " + affected.size()
                + " partition(s) (" + Humanize.firstOf(affected.stream().map(p -> p.topic() + "-" + p.partition())
                .toList(), 5) + "): " + meaning(group) + "; " + group.members() + " member(s), state "
                + group.state();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("status", group.status().name());
        evidence.put("type", group.type().name());
        evidence.put("state", String.valueOf(group.state()));
        evidence.put("members", group.members());
        evidence.put("rebalances", group.rebalances());
        // the most behind only, as for consumer-lag: every partition of a large group made each
        // finding, its audit record and its notification thousands of entries long
        evidence.put("count", affected.size());
        evidence.put("partitions", affected.stream().sorted(Comparator.comparingLong(PartitionLag::lag).reversed())
                .limit(TOP_PARTITIONS).map(ConsumerLagCheck::describe).toList());
        return new Finding("consumer-status/group=" + group.group(), "consumer-status", Severity.WARNING,
                affected.size(), message, Map.of("group", group.group()), evidence);
    }

    private Finding growing(GroupLag group) {
        String message = name(group) + " is falling behind by " + trend(group) + " over the last "
                + Humanize.duration(settings.window().toSeconds()) + "; " + Humanize.count(group.totalLag())
                + " messages behind now, status " + group.status();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("trendPerMinute", group.trendPerMinute());
        evidence.put("totalLag", group.totalLag());
        evidence.put("lagByTopic", lagByTopic(group));
        evidence.put("members", group.members());
        return new Finding("consumer-lag-growing/group=" + group.group(), "consumer-lag-growing", Severity.WARNING,
                Math.round(group.trendPerMinute()), message, Map.of("group", group.group()), evidence);
    }

    private Finding rebalancing(GroupLag group) {
        String message = name(group) + " rebalanced " + group.rebalances() + " times within "
                + Humanize.duration(settings.window().toSeconds()) + "; consumers may be crashing, timing out "
                + "(max.poll.interval.ms) or being scaled; " + group.members() + " member(s) now";
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("rebalances", group.rebalances());
        evidence.put("windowSeconds", settings.window().toSeconds());
        evidence.put("members", group.members());
        evidence.put("state", String.valueOf(group.state()));
        return new Finding("consumer-rebalancing/group=" + group.group(), "consumer-rebalancing", Severity.WARNING,
                group.rebalances(), message, Map.of("group", group.group()), evidence);
    }

    private static String meaning(GroupLag group) {
        String offsets = group.type().offsetName() + "s";
        return switch (group.status()) {
            case WARN -> "lag grew over the whole window while its " + offsets + " kept moving";
            case STALL -> "members are present but " + offsets + " did not move while lag > 0";
            case STOP -> "no active members and " + offsets + " did not move while lag > 0";
            case REWIND -> offsets + " went backwards (reset or replay)";
            case OK -> "ok";
        };
    }

    /** "group g" for consumer groups, as before; the type for the others, whose offsets mean something else. */
    private static String name(GroupLag group) {
        return switch (group.type()) {
            case SHARE -> "share group " + group.group();
            case STREAMS -> "streams group " + group.group();
            default -> "group " + group.group();
        };
    }

    private static String trend(GroupLag group) {
        long perMinute = Math.round(group.trendPerMinute());
        if (perMinute > 0) {
            return "growing " + Humanize.count(perMinute) + "/min";
        }
        return perMinute < 0 ? "shrinking " + Humanize.count(-perMinute) + "/min" : "steady";
    }

    /** Topics by lag, largest first, so the message names the worst ones. */
    private static Map<String, Long> lagByTopic(GroupLag group) {
        Map<String, Long> sums = new LinkedHashMap<>();
        group.partitions().stream().filter(p -> p.lag() > 0).forEach(p -> sums.merge(p.topic(), p.lag(), Long::sum));
        Map<String, Long> sorted = new LinkedHashMap<>();
        sums.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    private static Map<String, Object> describe(PartitionLag p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", p.topic());
        m.put("partition", p.partition());
        m.put("committed", p.committed());
        m.put("logEndOffset", p.logEndOffset());
        m.put("lag", p.lag());
        if (p.lagSeconds() != null) {
            m.put("lagSeconds", p.lagSeconds());
            m.put("lagSecondsAtLeast", p.lagSecondsAtLeast());
        }
        m.put("trendPerMinute", p.trendPerMinute());
        m.put("status", p.status().name());
        if (p.memberId() != null) {
            m.put("memberId", p.memberId());
            m.put("clientId", String.valueOf(p.clientId()));
            m.put("host", String.valueOf(p.host()));
        }
        return m;
    }
}
