package io.warden.dr;

import io.warden.WardenException;
import io.warden.dr.DrillReport.GroupPosition;
import io.warden.dr.DrillReport.Marker;
import io.warden.dr.DrillReport.PartitionCount;
import io.warden.runbook.verify.VerifyCheck.Status;
import io.warden.dr.DrillReport.TierResult;
import io.warden.kafka.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.Uuid;

/**
 * A DR drill: marker records produced on the source, timed until they appear on the DR cluster,
 * record counts compared over the same window on both sides, and the selected groups' translated
 * positions checked. With no topics named it creates its own drill topic and removes it and its
 * replica afterwards, each only after re-checking that it is the topic the drill created and holds
 * nothing but the drill's records.
 */
public final class DrillService {

    /** The header every marker carries, so consumers of a named topic can skip markers. */
    public static final String HEADER = "warden-drill-id";
    static final String SEQ_HEADER = "warden-drill-seq";
    public static final String TOPIC_PREFIX = "warden-dr-drill-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** Bound on records counted in one window, so a busy topic cannot keep the drill reading. */
    static final long MAX_COUNTED = 1_000_000;

    /** Waits between looks at the DR cluster; injected so that tests decide how time passes. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Pause pause;

    public DrillService(Pause pause) {
        this.pause = pause;
    }

    /** The drill topic a drill started at {@code at} creates. */
    public static String drillTopic(Instant at) {
        return TOPIC_PREFIX + STAMP.format(at);
    }

    /**
     * Refuses, before anything is changed, a drill whose markers MirrorMaker would not replicate.
     *
     * @throws WardenException 64 naming the topic to allow or the option to use
     */
    public static void checkReplicated(DrPair pair, DrillOptions options, Instant at) {
        if (options.drillTopic()) {
            String topic = drillTopic(at);
            if (!pair.topics().test(topic)) {
                throw new WardenException(WardenException.USAGE, "MirrorMaker's topic filter does not replicate the drill topic "
                        + topic + ": allow '" + TOPIC_PREFIX + ".*' in topics of mm2.properties and in dr.topics (or"
                        + " --mirror-topics), or drill replicated topics with --topics");
            }
            return;
        }
        for (String topic : options.topics()) {
            if (!pair.topics().test(topic) || pair.naming().isMirrorInternal(topic)) {
                throw new WardenException(WardenException.USAGE, "--topics: MirrorMaker's topic filter does not replicate '"
                        + io.warden.kafka.RecordText.escape(topic) + "', so its markers could never reach DR: name replicated topics");
            }
        }
    }

    public DrillReport run(DrPair pair, DrillOptions options, Clock clock) throws InterruptedException {
        Instant started = clock.instant();
        checkReplicated(pair, options, started);
        String topicOfDrill = options.drillTopic() ? drillTopic(started) : null;
        String drillId = (topicOfDrill != null ? topicOfDrill : drillTopic(started)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        List<String> topics = options.drillTopic() ? List.of(topicOfDrill) : options.topics();
        List<String> notes = new ArrayList<>();
        List<String> cleanup = new ArrayList<>();
        MirrorNaming naming = pair.naming();
        DrillMarkers markerReader = new DrillMarkers(pause);
        try (KafkaConnection source = KafkaConnection.open(pair.source().connection());
             KafkaConnection target = KafkaConnection.open(pair.target().connection())) {
            Duration timeout = pair.source().connection().timeout();
            Map<String, Integer> partitions = new LinkedHashMap<>();
            Uuid createdId = null;
            if (options.drillTopic()) {
                if (DrillTopic.exists(target.admin(), naming.replicaOf(topicOfDrill), pair.target().connection().timeout())) {
                    throw new WardenException(WardenException.CANT_CREATE, "the drill topic's replica " + naming.replicaOf(topicOfDrill)
                            + " exists on " + pair.target().name() + " already: another drill started in the same second; run it again");
                }
                createdId = DrillTopic.create(source, topicOfDrill, options.partitions(), pause);
                partitions.put(topicOfDrill, options.partitions());
            } else {
                partitions.putAll(DrillTopic.partitionsOf(source, target, pair, topics));
            }
            Duration replicaSeenAfter = null;
            List<Marker> markers;
            List<PartitionCount> counts;
            List<GroupPosition> groups;
            ParityReport parity;
            try {
                if (options.drillTopic()) {
                    replicaSeenAfter = markerReader.awaitReplica(target, naming.replicaOf(topicOfDrill), started, options.markerWait(), clock);
                    if (replicaSeenAfter == null) {
                        notes.add("MirrorMaker did not create the replica " + naming.replicaOf(topicOfDrill) + " on "
                                + pair.target().name() + " within " + human(options.markerWait()) + ": it is not running, does not"
                                + " replicate this topic, or notices new topics only every refresh.topics.interval.seconds"
                                + " (default 10 min)");
                    }
                }
                var replicaStarts = DrillMarkers.replicaPositions(target, naming, topics, options.drillTopic(), clock);
                List<Marker> produced = DrillMarkers.produce(source.settings(), partitions, drillId, options.markers(), clock);
                markers = markerReader.watch(target.settings(), naming, produced, replicaStarts, drillId, options.markerWait(), clock);
                counts = DrillCounts.count(pair, markers, options.drillTopic(), clock);
                groups = DrillGroups.groups(source.admin(), target.settings(), pair, options, clock, notes, timeout);
                parity = parity(pair, notes);
            } catch (WardenException e) {
                if (createdId == null) {
                    throw e;
                }
                // the operator must learn what became of the topic the drill created
                DrillTopic.removeDrillTopic(source, target, naming, topicOfDrill, createdId, drillId, clock, cleanup, pair);
                throw new WardenException(e.exitCode(), e.getMessage() + "; " + String.join("; ", cleanup), e);
            } catch (RuntimeException | InterruptedException e) {
                if (createdId != null) {
                    DrillTopic.removeDrillTopic(source, target, naming, topicOfDrill, createdId, drillId, clock, cleanup, pair);
                }
                throw e;
            }
            if (createdId != null) {
                DrillTopic.removeDrillTopic(source, target, naming, topicOfDrill, createdId, drillId, clock, cleanup, pair);
            }
            return report(pair, options, drillId, started, topics, replicaSeenAfter, markers, counts, groups, parity, notes,
                    cleanup, clock);
        }
    }

    /** The sides' Schema Registry and Connect parity, when both sides name one of them. */
    private static ParityReport parity(DrPair pair, List<String> notes) throws InterruptedException {
        ParityService.Endpoints e = ParityService.Endpoints.of(pair);
        boolean registries = e.sourceRegistry() != null && e.targetRegistry() != null;
        boolean connects = e.sourceConnect() != null && e.targetConnect() != null;
        if (!registries && !connects) {
            return null;
        }
        try {
            return new ParityService().compare(e);
        } catch (WardenException ex) {
            notes.add("parity not compared: " + ex.getMessage());
            return null;
        }
    }

    private static DrillReport report(DrPair pair, DrillOptions options, String drillId, Instant started, List<String> topics,
                                      Duration replicaSeenAfter, List<Marker> markers, List<PartitionCount> counts,
                                      List<GroupPosition> groups, ParityReport parity, List<String> notes, List<String> cleanup,
                                      Clock clock) {
        List<Duration> latencies = markers.stream().map(Marker::latency).filter(java.util.Objects::nonNull).sorted().toList();
        int lost = markers.size() - latencies.size();
        Duration rpo = latencies.isEmpty() ? null : latencies.get(latencies.size() - 1);
        Duration p50 = latencies.isEmpty() ? null : latencies.get((latencies.size() - 1) / 2);
        List<TierResult> tiers = pair.tiers().tiers().stream().map(t -> new TierResult(t.name(), t.rpo(), t.rto(), rpo,
                lost == 0 && rpo != null && rpo.compareTo(t.rpo()) <= 0)).toList();
        boolean countsDiffer = counts.stream().anyMatch(c -> !c.match());
        if (options.drillTopic()) {
            long onSource = counts.stream().mapToLong(PartitionCount::sourceRecords).sum();
            long onDr = counts.stream().mapToLong(c -> c.replicaRecords() == null ? 0 : c.replicaRecords()).sum();
            if (onSource != markers.size() || onDr != markers.size()) {
                countsDiffer = true;
                notes.add("the drill topic holds " + onSource + " records on " + pair.source().name() + " and its replica " + onDr
                        + " on " + pair.target().name() + ", not exactly the " + markers.size() + " markers");
            }
        }
        boolean fail = lost > 0 || markers.isEmpty() || tiers.stream().anyMatch(t -> !t.pass()) || countsDiffer;
        boolean warn = groups.stream().anyMatch(g -> !g.ok()) || parity != null && parity.exitCode() != 0
                || cleanup.stream().anyMatch(c -> !c.startsWith("deleted"));
        Status status = fail ? Status.FAIL : warn ? Status.WARN : Status.PASS;
        return new DrillReport(drillId, started, clock.instant(), options.ranBy(),
                new DrillReport.Cluster(pair.source().name(), pair.source().connection().bootstrapServers(), pair.naming().sourceAlias()),
                new DrillReport.Cluster(pair.target().name(), pair.target().connection().bootstrapServers(), pair.naming().targetAlias()),
                pair.naming().policyName(), List.copyOf(topics), options.drillTopic(), options.markerWait(), replicaSeenAfter,
                markers.size(), latencies.size(), lost, rpo, p50, tiers, markers, counts, groups, parity, List.copyOf(notes),
                List.copyOf(cleanup), status);
    }

    static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** {@code 850 ms}, {@code 12.5 s}, {@code 15 min}, {@code 4 h}: durations as the report shows them. */
    public static String human(Duration d) {
        if (d == null) {
            return "-";
        }
        long ms = d.toMillis();
        if (ms < 10_000) {
            return ms + " ms";
        }
        if (ms % 3_600_000 == 0) {
            return d.toHours() + " h";
        }
        if (ms % 60_000 == 0) {
            return d.toMinutes() + " min";
        }
        return ms < 120_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0)
                : d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
}
