package io.warden.watch;

import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.snapshot.TopicInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Replica health of all partitions in the latest snapshot, one finding per problem for the whole
 * cluster (per-topic counts are evidence), so a broker loss raises three alerts rather than thousands:
 * <ul>
 *   <li>{@code offline-partitions} CRITICAL: partitions without a leader; value = count;</li>
 *   <li>{@code under-replicated} WARNING, CRITICAL above {@link CheckSettings#urpCriticalPercent()}
 *       percent of all partitions: ISR smaller than the replica set (offline ones included); value = count;</li>
 *   <li>{@code under-min-isr} CRITICAL: ISR smaller than the topic's {@code min.insync.replicas},
 *       so producers with {@code acks=all} fail; value = count. For each partition it says how it can
 *       be led again without losing data: its eligible leader replicas (KIP-966) when it has some, or that
 *       only an unclean leader election would bring it back, which Warden never performs;</li>
 *   <li>{@code preferred-leader} WARNING: partitions led by another replica than their preferred
 *       one although the preferred one is in sync (after a broker restart, without automatic leader
 *       rebalancing), so some brokers carry more leaders than planned; value = count.</li>
 * </ul>
 * Evidence names at most {@value #LISTED} partitions.
 */
public final class PartitionCheck implements Check {

    public static final String NAME = "partitions";
    static final int LISTED = 20;

    private final CheckSettings settings;

    public PartitionCheck(CheckSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        if (history.isEmpty()) {
            return List.of();
        }
        Snapshot latest = history.latest();
        List<PartitionInfo> all = latest.partitions();
        List<Finding> findings = new ArrayList<>();

        List<PartitionInfo> offline = matching(latest, (t, p) -> p.offline());
        if (!offline.isEmpty()) {
            long unclean = offline.stream().filter(p -> Recovery.of(p) == Recovery.UNCLEAN_ELECTION_ONLY).count();
            findings.add(new Finding("offline-partitions", "offline-partitions", Severity.CRITICAL, offline.size(),
                    Humanize.count(offline.size()) + " partition(s) have no leader: " + names(offline)
                            + (unclean == 0 ? "" : "; " + Humanize.count(unclean) + " of them without an eligible leader replica:"
                                    + " only an unclean leader election would bring them back, losing committed records,"
                                    + " and Warden will not do that"),
                    topicLabel(offline), evidence(offline, latest)));
        }

        List<PartitionInfo> urp = matching(latest, (t, p) -> p.underReplicated());
        if (!urp.isEmpty()) {
            double percent = 100.0 * urp.size() / all.size();
            Map<String, Object> evidence = evidence(urp, latest);
            evidence.put("percent", percent);
            evidence.put("totalPartitions", all.size());
            Map<Integer, Integer> outOfSync = outOfSyncBrokers(urp);
            evidence.put("outOfSyncReplicasByBroker", outOfSync);
            findings.add(new Finding("under-replicated", "under-replicated",
                    percent > settings.urpCriticalPercent() ? Severity.CRITICAL : Severity.WARNING, urp.size(),
                    Humanize.count(urp.size()) + " of " + Humanize.count(all.size()) + " partitions ("
                            + Humanize.percent(percent) + ") are under-replicated: " + names(urp)
                            + "; replicas out of sync on brokers " + outOfSync.keySet(),
                    topicLabel(urp), evidence));
        }

        List<PartitionInfo> underMinIsr = matching(latest, (t, p) -> p.underMinIsr(t.minInSyncReplicas()));
        if (!underMinIsr.isEmpty()) {
            findings.add(new Finding("under-min-isr", "under-min-isr", Severity.CRITICAL, underMinIsr.size(),
                    Humanize.count(underMinIsr.size()) + " partition(s) have fewer in-sync replicas than"
                            + " min.insync.replicas, acks=all producers fail: " + Humanize.firstOf(underMinIsr.stream()
                                    .map(p -> p.topic() + "-" + p.partition() + " " + Recovery.describe(p)).toList(), 5),
                    topicLabel(underMinIsr), evidence(underMinIsr, latest)));
        }
        List<PartitionInfo> skewed = matching(latest, (t, p) -> !p.offline() && !p.preferredLeader()
                && !p.replicas().isEmpty() && p.isr().contains(p.replicas().get(0)));
        if (!skewed.isEmpty()) {
            Map<String, Object> evidence = evidence(skewed, latest);
            Map<Integer, Integer> leaders = new TreeMap<>();
            skewed.forEach(p -> leaders.merge(p.leader(), 1, Integer::sum));
            evidence.put("extraLeadersByBroker", leaders);
            findings.add(new Finding("preferred-leader", "preferred-leader", Severity.WARNING, skewed.size(),
                    Humanize.count(skewed.size()) + " partition(s) are not led by their preferred replica: " + names(skewed)
                            + "; brokers " + leaders.keySet() + " lead more than planned",
                    topicLabel(skewed), evidence));
        }
        return findings;
    }

    private interface PartitionTest {
        boolean test(TopicInfo topic, PartitionInfo partition);
    }

    private static List<PartitionInfo> matching(Snapshot s, PartitionTest test) {
        return s.topics().stream()
                .flatMap(t -> t.partitions().stream().filter(p -> test.test(t, p)))
                .toList();
    }

    private static String names(List<PartitionInfo> partitions) {
        return Humanize.firstOf(partitions.stream().map(p -> p.topic() + "-" + p.partition()).toList(), 5);
    }

    /** A topic label only when a single topic is affected: routing by topic is then meaningful. */
    private static Map<String, String> topicLabel(List<PartitionInfo> partitions) {
        List<String> topics = partitions.stream().map(PartitionInfo::topic).distinct().toList();
        return topics.size() == 1 ? Map.of("topic", topics.get(0)) : Map.of();
    }

    private static Map<String, Object> evidence(List<PartitionInfo> partitions, Snapshot s) {
        Map<String, Long> byTopic = new TreeMap<>();
        partitions.forEach(p -> byTopic.merge(p.topic(), 1L, Long::sum));
        List<Map<String, Object>> listed = partitions.stream().limit(LISTED).map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", p.topic());
            m.put("partition", p.partition());
            m.put("leader", p.leader());
            m.put("replicas", p.replicas());
            m.put("isr", p.isr());
            m.put("elr", p.elr());
            m.put("lastKnownElr", p.lastKnownElr());
            m.put("recovery", Recovery.of(p).code());
            s.topic(p.topic()).ifPresent(t -> m.put("minInSyncReplicas", t.minInSyncReplicas()));
            return m;
        }).toList();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("count", partitions.size());
        evidence.put(Recovery.WITHOUT_CLEAN_LEADER,
                partitions.stream().filter(p -> Recovery.of(p) == Recovery.UNCLEAN_ELECTION_ONLY).count());
        evidence.put("byTopic", byTopic);
        evidence.put("partitions", listed);
        return evidence;
    }

    /** Broker id -> partitions where it is a replica but not in the ISR: points at the lagging broker. */
    private static Map<Integer, Integer> outOfSyncBrokers(List<PartitionInfo> partitions) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (PartitionInfo p : partitions) {
            p.replicas().stream().filter(r -> !p.isr().contains(r)).forEach(r -> counts.merge(r, 1, Integer::sum));
        }
        return counts;
    }
}
