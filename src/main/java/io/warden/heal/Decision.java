package io.warden.heal;

import java.time.Instant;

/**
 * What the policy decided about one alert in one cycle, before anything runs, so it can be
 * printed, audited, dry-run and tested: act (run a step), wait (and until when), escalate to a
 * human, or ignore.
 */
public sealed interface Decision {

    /** Why, in one line, for the audit trail and the escalation. */
    String reason();

    /** Run attempt {@code attempt} of step {@code step} (0-based), for real or, in a dry run, on paper. */
    record Act(int step, String action, int attempt, boolean dryRun, String reason) implements Decision {
    }

    /** Do nothing yet; look again next cycle. {@code until} is when the wait ends by itself, or null. */
    record Wait(Instant until, String reason) implements Decision {
    }

    /** Stop trying and tell a human, with the whole story. */
    record Escalate(String reason) implements Decision {
    }

    /** Not for self-healing to act on. */
    record Ignore(String reason) implements Decision {
    }
}
