package io.warden.notify;

import dev.failsafe.RetryPolicy;
import dev.failsafe.RetryPolicyBuilder;
import dev.failsafe.event.EventListener;
import dev.failsafe.event.ExecutionScheduledEvent;
import java.time.Duration;

/**
 * How a channel retries a failed delivery: up to {@code maxAttempts} attempts in all, waiting
 * {@code initialDelay} after the first failure and {@code multiplier} times longer after each next
 * one, never more than {@code maxDelay}.
 */
public record RetrySettings(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

    /** 4 attempts, 1s, 2s, 4s apart: a flapping SMTP relay or chat endpoint gets 7 seconds to recover. */
    public static final RetrySettings DEFAULT = new RetrySettings(4, Duration.ofSeconds(1), 2, Duration.ofSeconds(30));

    public RetrySettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " is not at least 1");
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("initialDelay " + initialDelay + " must be >= 0 and <= maxDelay " + maxDelay);
        }
        if (multiplier < 1) {
            throw new IllegalArgumentException("multiplier: " + multiplier + " is not at least 1");
        }
    }

    /** The Failsafe policy: retries any exception but an interruption, which means Warden is stopping. */
    RetryPolicy<Object> policy(EventListener<ExecutionScheduledEvent<Object>> onRetry) {
        RetryPolicyBuilder<Object> b = RetryPolicy.builder()
                .handle(Exception.class)
                .abortOn(InterruptedException.class)
                .withMaxAttempts(maxAttempts)
                .onRetryScheduled(onRetry);
        // Failsafe's backoff needs a growing factor and a real range; otherwise the delay is fixed.
        if (multiplier > 1 && !initialDelay.isZero() && initialDelay.compareTo(maxDelay) < 0) {
            b.withBackoff(initialDelay, maxDelay, multiplier);
        } else {
            b.withDelay(initialDelay);
        }
        return b.build();
    }
}
