package io.warden.heal;

import java.time.Duration;

/**
 * How one attempt went.
 *
 * @param outcome  done (the action did its part; the alert must still resolve to count as healed),
 *                 failed, or interrupted by shutdown
 * @param exitCode the program's exit code, null for actions that run no program
 * @param output   what it printed (truncated, secrets masked) or the error, for the audit trail and the escalation
 * @param took     how long it ran
 */
public record ActionResult(Outcome outcome, Integer exitCode, String output, Duration took) {

    public enum Outcome {
        DONE, FAILED, INTERRUPTED
    }

    public static ActionResult done(String output, Duration took) {
        return new ActionResult(Outcome.DONE, null, output, took);
    }

    public static ActionResult failed(String output, Duration took) {
        return new ActionResult(Outcome.FAILED, null, output, took);
    }

    /** Time since {@code startNanos} (a {@link System#nanoTime()} reading), for {@link #took}. */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public boolean done() {
        return outcome == Outcome.DONE;
    }
}
