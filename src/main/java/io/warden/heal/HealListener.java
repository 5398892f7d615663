package io.warden.heal;

import java.time.Duration;

/**
 * Told about what self-healing did, for metrics. Called on the healing thread; must be quick. Every
 * method does nothing unless overridden, so a listener names only what it counts.
 */
public interface HealListener {

    /** One attempt ended: DONE, FAILED, INTERRUPTED, UNVERIFIED or DRY_RUN. */
    default void attempt(String action, String outcome) {
    }

    default void escalation(String playbook) {
    }

    /** An alert that self-healing acted on resolved, {@code detectToRecover} after it became active. */
    default void recovered(String playbook, Duration detectToRecover) {
    }

    /** Whether self-healing is paused ({@code warden heal pause}), told every cycle. */
    default void paused(boolean paused) {
    }

    HealListener NONE = new HealListener() {
    };
}
