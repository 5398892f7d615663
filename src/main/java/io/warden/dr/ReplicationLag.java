package io.warden.dr;

import io.warden.dr.MirrorRecords.GroupCheckpoint;
import io.warden.dr.MirrorRecords.HeartbeatSeen;
import io.warden.dr.MirrorRecords.OffsetSync;
import io.warden.dr.ReplicationStatus.CheckpointAge;
import io.warden.dr.ReplicationStatus.Heartbeat;
import io.warden.dr.ReplicationStatus.PartitionReplication;
import io.warden.dr.ReplicationStatus.TierRpo;
import io.warden.dr.ReplicationStatus.TopicReplication;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/** The arithmetic of replication health, from what was read: pure, so every rule is unit-tested with plain values. */
public final class ReplicationLag {

    private ReplicationLag() {
    }

    /**
     * The source offset the replica partition has reached, i.e. the next one MirrorMaker will
     * copy. The newest offset-sync says source offset {@code upstream} was written at replica
     * offset {@code downstream}; every replica record after it stands for one source record after
     * it. Without a sync (MirrorMaker writes one only once its offsets are flushed) the replica is
     * taken to start at the source's log start. Bounded to [0, {@code sourceEnd}].
     *
     * @param replicaEnd -1 when the replica partition does not exist: nothing of it is on DR
     */
    public static long reached(OffsetSync sync, long replicaEnd, long sourceStart, long sourceEnd) {
        long reached;
        if (replicaEnd < 0) {
            reached = sourceStart;
        } else if (sync == null) {
            reached = Math.max(0, sourceStart) + replicaEnd;
        } else {
            reached = sync.upstream() + (replicaEnd - sync.downstream());
        }
        return Math.max(0, Math.min(sourceEnd, reached));
    }

    /**
     * One partition's lag.
     *
     * @param oldestUnreplicated timestamp (epoch millis) of the first source record at or after
     *                           {@code reached}; ignored when caught up, null when it could not be read
     */
    public static PartitionReplication partition(int partition, long sourceEnd, long replicaEnd, OffsetSync sync, long reached,
                                                 Long oldestUnreplicated, Instant now) {
        long lag = Math.max(0, sourceEnd - reached);
        Double seconds;
        Instant oldest = null;
        if (lag == 0) {
            seconds = 0.0;
        } else if (oldestUnreplicated == null) {
            seconds = null;
        } else {
            oldest = Instant.ofEpochMilli(oldestUnreplicated);
            // a producer's clock ahead of ours makes a record look younger than now: it is at least 0 s old
            seconds = Math.max(0, now.toEpochMilli() - oldestUnreplicated) / 1000.0;
        }
        return new PartitionReplication(partition, sourceEnd, replicaEnd, sync == null ? null : sync.upstream(),
                sync == null ? null : sync.downstream(), reached, lag, seconds, oldest);
    }

    /** Lag of a topic: records summed, seconds of its worst partition (unknown when a lagging one is undated). */
    public static TopicReplication topic(String topic, String replica, String tier, boolean replicaExists, int sourcePartitions,
                                         int replicaPartitions, List<ReplicationStatus.ConfigDifference> differences,
                                         List<PartitionReplication> partitions) {
        long records = 0;
        Double seconds = 0.0;
        for (PartitionReplication p : partitions) {
            records += p.lagRecords();
            if (p.lagSeconds() == null) {
                seconds = null;
            } else if (seconds != null) {
                seconds = Math.max(seconds, p.lagSeconds());
            }
        }
        return new TopicReplication(topic, replica, tier, replicaExists, sourcePartitions, replicaPartitions, differences,
                records, seconds, partitions);
    }

    /** The heartbeat's age at {@code now}, stale when older than {@code maxAge} or when an existing topic holds none. */
    public static Heartbeat heartbeat(boolean topicExists, Optional<HeartbeatSeen> newest, Instant now, Duration maxAge) {
        if (newest.isEmpty()) {
            return new Heartbeat(topicExists, null, null, topicExists);
        }
        Instant emitted = newest.get().emitted();
        double age = Math.max(0, now.toEpochMilli() - emitted.toEpochMilli()) / 1000.0;
        return new Heartbeat(topicExists, emitted, age, age > maxAge.toMillis() / 1000.0);
    }

    /**
     * A group's checkpoint age. It is stale only when the group moved on the source since
     * ({@code committed} differs from the checkpoint on some partition) and the checkpoint is older
     * than {@code maxAge} or missing: MirrorMaker writes checkpoints only when a group's offsets
     * change, so an idle group's checkpoint ages without being wrong.
     *
     * @param committed   the group's committed offsets on the source, on replicated topics only
     * @param checkpoints the group's newest checkpoint per source partition
     */
    public static CheckpointAge checkpoint(String group, Map<TopicPartition, Long> committed,
                                           Map<TopicPartition, GroupCheckpoint> checkpoints, Instant now, Duration maxAge) {
        Instant newest = checkpoints.values().stream().map(GroupCheckpoint::written).max(Instant::compareTo).orElse(null);
        int behind = 0;
        for (var e : committed.entrySet()) {
            GroupCheckpoint c = checkpoints.get(e.getKey());
            if (c == null || c.upstream() != e.getValue()) {
                behind++;
            }
        }
        Double age = newest == null ? null : Math.max(0, now.toEpochMilli() - newest.toEpochMilli()) / 1000.0;
        boolean stale = behind > 0 && (age == null || age > maxAge.toMillis() / 1000.0);
        return new CheckpointAge(group, newest, age, behind, stale);
    }

    /**
     * Each tier's RPO estimate: the worst lag seconds over its topics; when heartbeats are stale,
     * at least the heartbeat's age (replication stopped then, and lag seconds alone would miss
     * that a quiet topic is not being copied either). Tiers without topics are left out.
     */
    public static List<TierRpo> rpo(RpoTiers tiers, List<TopicReplication> topics, Heartbeat heartbeat) {
        List<TierRpo> out = new ArrayList<>();
        for (RpoTiers.Tier tier : tiers.tiers()) {
            List<TopicReplication> held = topics.stream().filter(t -> t.tier().equals(tier.name())).toList();
            if (held.isEmpty()) {
                continue;
            }
            double worst = 0;
            String basis = "caught up";
            boolean undated = false;
            for (TopicReplication t : held) {
                if (t.lagSeconds() == null) {
                    undated = true;
                } else if (t.lagSeconds() > worst) {
                    worst = t.lagSeconds();
                    basis = "lag of " + t.topic();
                }
            }
            if (heartbeat.stale() && heartbeat.ageSeconds() != null && heartbeat.ageSeconds() > worst) {
                worst = heartbeat.ageSeconds();
                basis = "heartbeat age";
            }
            double target = tier.rpo().toMillis() / 1000.0;
            String state = worst > target ? TierRpo.BREACHED : undated ? TierRpo.UNKNOWN : TierRpo.WITHIN;
            out.add(new TierRpo(tier.name(), target, undated && worst <= target ? null : worst, state, held.size(),
                    undated && worst <= target ? "a lagging topic could not be dated" : basis));
        }
        return out;
    }
}
