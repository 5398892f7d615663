package io.warden.heal;

import java.time.Duration;

/** Told about what self-healing did, for metrics. Called on the healing thread; must be quick. */
public interface HealListener {

    /** One attempt ended: DONE, FAILED, INTERRUPTED, UNVERIFIED or DRY_RUN. */
    void attempt(String action, String outcome);

    void escalation(String playbook);

    /** An alert that self-healing acted on resolved, {@code detectToRecover} after it became active. */
    void recovered(String playbook, Duration detectToRecover);

    HealListener NONE = new HealListener() {
        @Override
        public void attempt(String action, String outcome) {
        }

        @Override
        public void escalation(String playbook) {
        }

        @Override
        public void recovered(String playbook, Duration detectToRecover) {
        }
    };
}
