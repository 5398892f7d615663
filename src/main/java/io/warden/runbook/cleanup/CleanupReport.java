package io.warden.runbook.cleanup;

import io.warden.snapshot.GroupType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * What cleanup found at one instant, with the idle threshold it judged by.
 *
 * @param candidates what looks unused and may be deleted
 * @param skipped    what looks unused but is kept: another system's state, or Warden's own progress
 * @param seen       how the candidates looked, so a deletion can check first that nothing changed since
 */
public record CleanupReport(Instant at, Duration idle, List<Candidate> candidates, List<Skipped> skipped, Seen seen) {

    public CleanupReport {
        candidates = List.copyOf(candidates);
        skipped = List.copyOf(skipped);
    }

    /** Something unused that the report keeps, and why. */
    public record Skipped(Candidate.Kind kind, String name, String reason) {
    }

    /**
     * The candidates as the report saw them.
     *
     * @param topicIds     topic name to its id: a topic deleted and re-created under the name has another
     * @param topicEnds    topic name to its partitions' end offsets
     * @param groupOffsets group to its committed offsets (a share group: its start offsets)
     * @param groupTypes   group to its type, which decides the call that deletes it
     */
    public record Seen(Map<String, Uuid> topicIds, Map<String, Map<TopicPartition, Long>> topicEnds,
                       Map<String, Map<TopicPartition, Long>> groupOffsets, Map<String, GroupType> groupTypes) {
        public Seen {
            topicIds = Map.copyOf(topicIds);
            topicEnds = Map.copyOf(topicEnds);
            groupOffsets = Map.copyOf(groupOffsets);
            groupTypes = Map.copyOf(groupTypes);
        }
    }

    public List<String> topics() {
        return candidates.stream().filter(c -> c.kind().isTopic()).map(Candidate::name).toList();
    }

    public List<String> groups() {
        return candidates.stream().filter(c -> !c.kind().isTopic()).map(Candidate::name).toList();
    }
}
