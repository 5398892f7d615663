package io.warden.runbook.cleanup;

import java.util.Map;

/**
 * Something the cleanup report proposes to delete, and why.
 *
 * @param evidence one line for a human
 * @param facts    the numbers behind it (last record time, records retained, lag), JSON-friendly
 */
public record Candidate(Kind kind, String name, String evidence, Map<String, Object> facts) {

    public Candidate {
        facts = Map.copyOf(facts);
    }

    /** Why it is a candidate. */
    public enum Kind {
        /** A topic no group reads whose newest record is older than the idle threshold. */
        IDLE_TOPIC,
        /** A topic no group reads that holds no records at all. */
        EMPTY_TOPIC,
        /** A group without members whose topics got no record within the idle threshold. */
        INACTIVE_GROUP;

        public boolean isTopic() {
            return this != INACTIVE_GROUP;
        }
    }
}
