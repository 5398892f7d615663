package io.warden.heal;

import dev.failsafe.RetryPolicy;
import java.time.Duration;

/**
 * How hard one playbook step tries: at most {@code maxAttempts}, waiting {@code delay} after the
 * first failure and {@code multiplier} times longer after each next one, never more than
 * {@code maxDelay}. Held as a Failsafe {@link RetryPolicy}'s settings; the attempts themselves
 * span watch cycles (each must be verified by the alert resolving) and Warden restarts, so the
 * healer counts them in its persisted state rather than in an in-memory retry loop.
 */
public record RetrySpec(int maxAttempts, Duration delay, double multiplier, Duration maxDelay) {

    public static final RetrySpec DEFAULT = new RetrySpec(3, Duration.ofSeconds(10), 1.5, Duration.ofSeconds(120));

    public RetrySpec {
        // the same rules Failsafe applies, checked when the config is read rather than at the first failure
        RetryPolicy.builder().withMaxAttempts(maxAttempts)
                .withBackoff(delay, maxDelay.compareTo(delay) > 0 ? maxDelay : delay.plusMillis(1), multiplier).build();
    }

    /** The wait before the next attempt after {@code failed} failed ones (1 = after the first). */
    public Duration delayAfter(int failed) {
        if (failed <= 0) {
            return Duration.ZERO;
        }
        double millis = delay.toMillis() * Math.pow(multiplier, failed - 1);
        return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
    }
}
