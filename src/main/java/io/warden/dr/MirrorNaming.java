package io.warden.dr;

import io.warden.WardenException;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.DefaultReplicationPolicy;
import org.apache.kafka.connect.mirror.IdentityReplicationPolicy;
import org.apache.kafka.connect.mirror.ReplicationPolicy;

/**
 * The names MirrorMaker 2 gives things on both clusters of a pair, from its own replication
 * policy classes, so Warden and MirrorMaker cannot disagree about a replica's name.
 *
 * @param sourceAlias MirrorMaker's alias of the source cluster
 * @param targetAlias MirrorMaker's alias of the DR cluster
 * @param policyName  {@code default} or {@code identity}
 */
public record MirrorNaming(String sourceAlias, String targetAlias, String policyName, ReplicationPolicy policy) {

    public static MirrorNaming of(String sourceAlias, String targetAlias, String policyName, String separator, int exit) {
        DefaultReplicationPolicy policy = switch (policyName == null ? "default" : policyName.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "default", "org.apache.kafka.connect.mirror.defaultreplicationpolicy" -> new DefaultReplicationPolicy();
            case "identity", "org.apache.kafka.connect.mirror.identityreplicationpolicy" -> new IdentityReplicationPolicy();
            default -> throw new WardenException(exit, "replication policy '" + policyName
                    + "' is not known: use default (replicas named <source-alias>.<topic>) or identity (same name)");
        };
        policy.configure(Map.of("replication.policy.separator", separator == null ? "." : separator,
                "source.cluster.alias", sourceAlias));
        String name = policy instanceof IdentityReplicationPolicy ? "identity" : "default";
        return new MirrorNaming(sourceAlias, targetAlias, name, policy);
    }

    /** The name of {@code sourceTopic}'s replica on the DR cluster. */
    public String replicaOf(String sourceTopic) {
        return policy.formatRemoteTopic(sourceAlias, sourceTopic);
    }

    /** The replica's partition of {@code source}: same number, the replica topic. */
    public TopicPartition replicaOf(TopicPartition source) {
        return new TopicPartition(replicaOf(source.topic()), source.partition());
    }

    /** MirrorMaker's checkpoints on the DR cluster: the groups' translated positions. */
    public String checkpointsTopic() {
        return policy.checkpointsTopic(sourceAlias);
    }

    /** MirrorMaker's heartbeats on the DR cluster. */
    public String heartbeatsTopic() {
        return policy.heartbeatsTopic();
    }

    /** MirrorMaker's offset-syncs, on the source cluster unless {@code offset-syncs.topic.location=target}. */
    public String offsetSyncsTopic() {
        return policy.offsetSyncsTopic(targetAlias);
    }

    /** True for MirrorMaker's own topics (heartbeats, checkpoints, offset-syncs), never replicated as data. */
    public boolean isMirrorInternal(String topic) {
        return policy.isMM2InternalTopic(topic) || policy.isHeartbeatsTopic(topic);
    }

    /**
     * The reverse pair's naming, for failback: the DR cluster replicated back to the source, with
     * the same policy.
     */
    public MirrorNaming reversed(String separator) {
        return of(targetAlias, sourceAlias, policyName, separator, WardenException.CONFIG);
    }
}
