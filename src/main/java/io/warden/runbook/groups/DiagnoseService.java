package io.warden.runbook.groups;

import io.warden.WardenException;
import io.warden.kafka.ClusterProbe;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.ProbeScope;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code warden diagnose lag}: reads a group twice, a sample window apart, and hands both reads to
 * {@link LagAnalyzer}.
 */
public final class DiagnoseService {

    /** Waits out the sample window; injected so that tests and the daemon decide how time passes. */
    @FunctionalInterface
    public interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final ClusterProbe probe;
    private final Pause pause;

    public DiagnoseService(KafkaConnection connection, Clock clock, Pause pause) {
        this(connection.probe(clock), pause);
    }

    /** Reads through a probe already made, as the watch daemon's own client for its cluster. */
    public DiagnoseService(ClusterProbe probe, Pause pause) {
        this.probe = probe;
        this.pause = pause;
    }

    public LagDiagnosis diagnoseLag(String group, Duration sample, Long warning, Long critical) {
        LagSample before = read(group);
        try {
            pause.pause(sample);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "interrupted while sampling", e);
        }
        return LagAnalyzer.analyze(before, read(group), warning, critical);
    }

    private LagSample read(String group) {
        Snapshot s = probe.collect(ProbeScope.lagOnly(Set.of(group)));
        // an unknown group is also a failed describe: name the operator's mistake, not the symptom
        GroupInfo g = s.group(group).filter(x -> !x.committed().isEmpty() || x.hasActiveMembers())
                .orElseThrow(() -> new WardenException(WardenException.USAGE, "consumer group '" + group
                        + "' does not exist or has no committed offsets; list groups with: warden groups list"));
        if (!s.failures().isEmpty()) {
            throw new WardenException(WardenException.UNAVAILABLE, "reading group '" + group + "' failed: "
                    + s.failures().get(0).probe() + " " + s.failures().get(0).message());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (PartitionInfo p : s.partitions()) {
            if (p.logEndOffset() >= 0) {
                ends.put(p.topicPartition(), p.logEndOffset());
            }
        }
        return new LagSample(s.takenAt(), g, ends);
    }
}
