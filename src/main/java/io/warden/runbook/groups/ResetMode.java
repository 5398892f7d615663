package io.warden.runbook.groups;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** Where {@code groups reset-offsets} moves a group's offsets: the modes of Kafka's {@code kafka-consumer-groups}. */
public sealed interface ResetMode {

    /** A short name for plans and audit records, e.g. {@code to-earliest}. */
    String describe();

    record ToEarliest() implements ResetMode {
        public String describe() {
            return "to-earliest";
        }
    }

    record ToLatest() implements ResetMode {
        public String describe() {
            return "to-latest";
        }
    }

    record ToCurrent() implements ResetMode {
        public String describe() {
            return "to-current";
        }
    }

    record ToOffset(long offset) implements ResetMode {
        public String describe() {
            return "to-offset " + offset;
        }
    }

    record ShiftBy(long delta) implements ResetMode {
        public String describe() {
            return "shift-by " + delta;
        }
    }

    /** The first offset whose timestamp is at or after {@code time}; the log end when there is none. */
    record ToDatetime(Instant time) implements ResetMode {
        public String describe() {
            return "to-datetime " + time;
        }
    }

    /** {@link ToDatetime} of now minus the duration, resolved when the plan is made. */
    record ByDuration(Duration duration) implements ResetMode {
        public String describe() {
            return "by-duration " + duration;
        }
    }

    /** Offsets read from a CSV file: group -> partition -> offset. */
    record FromFile(String file, Map<String, Map<TopicPartition, Long>> offsets) implements ResetMode {
        public FromFile {
            offsets = Map.copyOf(offsets);
        }

        public String describe() {
            return "from-file " + file;
        }
    }
}
