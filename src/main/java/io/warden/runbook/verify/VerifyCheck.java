package io.warden.runbook.verify;

import java.util.List;

/**
 * One line of the checklist.
 *
 * @param name     e.g. {@code brokers}, {@code canary}
 * @param status   PASS, WARN or FAIL
 * @param evidence what was seen, in one line
 * @param details  further lines (the findings behind a WARN or FAIL)
 */
public record VerifyCheck(String name, Status status, String evidence, List<String> details) {

    public VerifyCheck {
        details = List.copyOf(details);
    }

    /** A checklist outcome, with the Nagios exit code it maps to. */
    public enum Status {
        PASS(0), WARN(1), FAIL(2);

        private final int exitCode;

        Status(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }
}
