package io.warden.daemon.ha;

import java.time.Duration;
import java.time.Instant;

/**
 * How long an instance the home cluster refuses stays out of the fleet before it tries again:
 * 10 s after the first refusal, twice as long after each further one, at most 5 minutes, and
 * back to 10 s once a state write commits. Short enough that a granted ACL heals the instance
 * without a restart, long enough that it does not keep taking clusters it cannot keep.
 */
final class RetryBackoff {

    static final Duration FIRST = Duration.ofSeconds(10);
    static final Duration LONGEST = Duration.ofMinutes(5);

    private Duration next = FIRST;
    private Instant until = Instant.MIN;

    /** One more refusal at {@code now}: returns how long to wait before the next try. */
    synchronized Duration refused(Instant now) {
        Duration wait = next;
        until = now.plus(wait);
        next = next.multipliedBy(2).compareTo(LONGEST) > 0 ? LONGEST : next.multipliedBy(2);
        return wait;
    }

    /** Whether the wait after the last refusal still runs at {@code now}. */
    synchronized boolean waiting(Instant now) {
        return now.isBefore(until);
    }

    /** When the next try is due; {@link Instant#MIN} when nothing was refused. */
    synchronized Instant until() {
        return until;
    }

    /** What was refused now succeeded: the next refusal waits the shortest time again. */
    synchronized void succeeded() {
        next = FIRST;
        until = Instant.MIN;
    }
}
