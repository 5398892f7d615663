package io.warden.runbook.groups;

import io.warden.snapshot.GroupInfo;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * One read of a group for {@link LagAnalyzer}: its description and committed offsets, and the log
 * end of every partition of the topics it reads, at one instant.
 */
public record LagSample(Instant at, GroupInfo group, Map<TopicPartition, Long> logEnds) {

    public LagSample {
        logEnds = Map.copyOf(logEnds);
    }
}
