package io.warden.comply;

import java.util.List;

/**
 * One line of the compliance audit.
 *
 * @param name     stable name, e.g. {@code encryption-in-transit}
 * @param status   PASS, WARN, FAIL or UNKNOWN (could not be judged, with the reason)
 * @param summary  one line an auditor reads
 * @param evidence what was seen, one item a line; text from the cluster is escaped
 */
public record ComplianceCheck(String name, Status status, String summary, List<String> evidence) {

    public ComplianceCheck {
        evidence = List.copyOf(evidence);
    }

    /** An outcome and its Nagios exit code; a FAIL outweighs an UNKNOWN, which outweighs a WARN. */
    public enum Status {
        PASS(0, 0), WARN(1, 1), UNKNOWN(3, 2), FAIL(2, 3);

        private final int exitCode;
        private final int weight;

        Status(int exitCode, int weight) {
            this.exitCode = exitCode;
            this.weight = weight;
        }

        public int exitCode() {
            return exitCode;
        }

        public Status worst(Status other) {
            return weight >= other.weight ? this : other;
        }
    }

    static ComplianceCheck pass(String name, String summary, List<String> evidence) {
        return new ComplianceCheck(name, Status.PASS, summary, evidence);
    }

    static ComplianceCheck unknown(String name, String summary, List<String> evidence) {
        return new ComplianceCheck(name, Status.UNKNOWN, summary, evidence);
    }
}
