package io.warden.dr;

import io.warden.WardenException;
import io.warden.dr.FailbackPlan.Collision;
import io.warden.dr.FailbackPlan.ReverseFlow;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.TopicScan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.connect.mirror.IdentityReplicationPolicy;

/**
 * Plans the way back from the DR cluster to the source: the reverse flow's state, the topics the
 * replication policy would mishandle, and the groups' positions on the source (the same method
 * as a failover, on the reversed pair, from the reverse flow's checkpoints). Executing it is
 * {@link FailoverService#execute} of {@link FailbackPlan#groups()}.
 */
public final class FailbackService {

    private final Clock clock;

    public FailbackService(Clock clock) {
        this.clock = clock;
    }

    public FailbackPlan plan(DrPair pair, FailoverService.Selection selection, FailoverService.Options options) {
        DrPair back = reversed(pair);
        ReverseFlow flow;
        List<Collision> collisions;
        try (KafkaConnection source = KafkaConnection.open(pair.source().connection());
             KafkaConnection dr = KafkaConnection.open(pair.target().connection());
             TopicScan sourceScan = TopicScan.open(pair.source().connection(), clock);
             TopicScan drScan = TopicScan.open(pair.target().connection(), clock)) {
            flow = flow(back, sourceScan, drScan, pair.heartbeatMaxAge());
            collisions = collisions(pair, back, topics(dr), topics(source), flow.replicating());
        }
        return new FailbackPlan(flow, collisions, new FailoverService(clock).plan(back, selection, options, pair.naming()));
    }

    /** The pair the other way round: DR replicated back to the source, with the same policy and separator. */
    static DrPair reversed(DrPair pair) {
        MirrorNaming naming = pair.naming();
        return new DrPair(pair.target(), pair.source(), naming.reversed(separator(naming)),
                MirrorFilter.of(".*", io.warden.config.WardenConfig.DrConfig.TOPICS_EXCLUDE, "the reverse flow's topics", WardenException.CONFIG),
                pair.groups(), pair.tiers(), pair.heartbeatMaxAge(), pair.checkpointMaxAge());
    }

    /** The policy's separator, as its checkpoints topic shows it: {@code <alias><sep>checkpoints<sep>internal}. */
    static String separator(MirrorNaming naming) {
        String checkpoints = naming.checkpointsTopic();
        int from = naming.sourceAlias().length();
        int length = (checkpoints.length() - from - "checkpoints".length() - "internal".length()) / 2;
        return checkpoints.substring(from, from + length);
    }

    private ReverseFlow flow(DrPair back, TopicScan onSource, TopicScan onDr, Duration maxAge) {
        MirrorNaming n = back.naming();
        var heartbeat = MirrorRecords.newestHeartbeat(onSource, n.heartbeatsTopic(), n.sourceAlias(), n.targetAlias());
        Optional<Instant> seen = heartbeat.value().map(MirrorRecords.HeartbeatSeen::emitted);
        boolean fresh = seen.map(t -> Duration.between(t, clock.instant()).compareTo(maxAge) <= 0).orElse(false);
        boolean checkpoints = !onSource.partitionsIfAny(n.checkpointsTopic()).isEmpty();
        boolean syncs = !onDr.partitionsIfAny(n.offsetSyncsTopic()).isEmpty() || !onSource.partitionsIfAny(n.offsetSyncsTopic()).isEmpty();
        // MirrorMaker emits heartbeats for a flow it does not replicate: only its checkpoints and offset-syncs show replication
        String state = (checkpoints || syncs) ? (fresh ? "replicating" : "stale") : seen.isPresent() ? "heartbeats-only" : "none";
        return new ReverseFlow(back.source().name(), back.target().name(), n.heartbeatsTopic(), n.checkpointsTopic(),
                n.offsetSyncsTopic(), seen.orElse(null), fresh, checkpoints, syncs, state);
    }

    /**
     * The DR topics the reverse flow would replicate, and those whose way back is wrong: under the
     * identity policy a replica goes back onto its original (MirrorMaker cannot tell them apart: a
     * loop); under the default policy a replica of the source's topic is not replicated back (it
     * would cycle to {@code <dr>.<source>.<topic>}); and a name already taken on the source.
     */
    static List<Collision> collisions(DrPair pair, DrPair back, Set<String> onDr, Set<String> onSource, boolean reverseRuns) {
        MirrorNaming n = back.naming();
        List<Collision> out = new ArrayList<>();
        for (String topic : onDr) {
            if (!back.topics().test(topic) || n.isMirrorInternal(topic) || pair.naming().isMirrorInternal(topic)) {
                continue;
            }
            String wouldBe = n.replicaOf(topic);
            String upstream = n.policy().topicSource(topic);
            if (n.policy() instanceof IdentityReplicationPolicy) {
                if (onSource.contains(topic)) {
                    out.add(new Collision(topic, wouldBe, "loop", "the identity policy would replicate it back onto "
                            + pair.source().name() + "'s " + topic + " and round again: exclude it from the reverse flow's"
                            + " topics or stop the forward flow first"));
                }
            } else if (upstream != null && upstream.equals(n.targetAlias())) {
                out.add(new Collision(topic, wouldBe, "cycle", "MirrorMaker does not replicate a topic back to where it"
                        + " came from: records written to it on " + pair.target().name() + " after the failover stay there"
                        + " (have producers write to " + n.policy().upstreamTopic(topic) + " on " + pair.target().name()
                        + "); groups on it go back to " + n.policy().upstreamTopic(topic) + " through the forward offset-syncs"));
            } else if (onSource.contains(wouldBe) && !reverseRuns) {
                out.add(new Collision(topic, wouldBe, "exists", wouldBe + " exists on " + pair.source().name() + " already and"
                        + " no reverse flow wrote it: the reverse flow would write into it; rename or remove one first"));
            }
        }
        return out;
    }

    private static Set<String> topics(KafkaConnection c) {
        return new TreeSet<>(Futures.get(c.admin().listTopics().names(), c.settings().timeout()));
    }
}
