package io.warden.heal;

import java.time.Instant;

/**
 * One attempt of a playbook step, as recorded for the audit trail, the escalation and the next
 * start.
 *
 * @param step      0-based index of the step in its playbook
 * @param number    1 for the step's first attempt
 * @param endedAt   null while it runs
 * @param outcome   RUNNING, DONE (waiting for the alert to resolve), VERIFIED, UNVERIFIED (done, but
 *                  the alert did not resolve in time), FAILED, INTERRUPTED (Warden stopped during it)
 *                  or DRY_RUN
 * @param exitCode  the program's exit code, when it ran one
 * @param output    its output or error, truncated and masked
 */
public record Attempt(int step, String action, int number, Instant startedAt, Instant endedAt, String outcome,
                      Integer exitCode, String output) {

    public Attempt withOutcome(String newOutcome) {
        return new Attempt(step, action, number, startedAt, endedAt, newOutcome, exitCode, output);
    }

    /** Failed in a way that counts against the step's attempts and calls for the backoff. */
    public boolean failed() {
        return switch (outcome) {
            case "FAILED", "INTERRUPTED", "UNVERIFIED" -> true;
            default -> false;
        };
    }
}
