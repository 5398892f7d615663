package io.warden.runbook.dlq;

import java.util.List;

/**
 * What a replay would do, decided by reading the DLQ from the committed progress to its end
 * before anything is produced.
 *
 * @param topic           the DLQ
 * @param group           the progress group whose committed offsets say where the last replay stopped
 * @param ranges          per DLQ partition, the offsets this replay reads: [from, to)
 * @param matching        records the replay takes (re-produces)
 * @param skippedByFilter records the filter leaves in the DLQ
 * @param withoutTarget   records with no original topic in their headers and no {@code --to}
 * @param topics          every topic the records name or {@code --to} names, with its records and verdict
 * @param targets         where the matching records go, per partition
 * @param filter          the filter, described
 * @param capped          true when {@code --max-records} stops this run before the DLQ's end
 * @param problems        reasons the replay cannot run (a target refused, missing, or without the partition); empty when it can
 */
public record ReplayPlan(String topic, String group, List<Range> ranges, long matching, long skippedByFilter,
                         long withoutTarget, List<TopicTarget> topics, List<Target> targets, String filter, boolean capped,
                         List<String> problems) {

    /** What the replay does with the records bound for one topic. */
    public enum Verdict {
        /** Sends them. */
        REPLAY,
        /** Leaves them in the DLQ: --allow-topics does not name the topic. */
        SKIP,
        /** Will not run: the topic holds another system's state or is no topic name, and --to does not name it. */
        REFUSE
    }

    /**
     * The records bound for one topic.
     *
     * @param why the reason for the verdict, one line
     */
    public record TopicTarget(String topic, long records, Verdict verdict, String why) {
    }

    /** DLQ offsets read in one partition, and where its log starts. */
    public record Range(int partition, long logStart, long from, long to) {
    }

    /**
     * Records going to one topic partition.
     *
     * @param partition null when the producer chooses it from the key
     */
    public record Target(String topic, Integer partition, long records) {
    }
}
