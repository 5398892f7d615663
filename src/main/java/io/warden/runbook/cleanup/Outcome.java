package io.warden.runbook.cleanup;

/**
 * What became of one candidate when the report was executed.
 *
 * @param reason why it was skipped or failed; null when deleted
 */
public record Outcome(Candidate candidate, Status status, String reason) {

    /** Deleted, left alone because it changed since the report, or not deleted because Kafka refused. */
    public enum Status {
        DELETED, SKIPPED, FAILED
    }
}
