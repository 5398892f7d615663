package io.warden.heal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-healing's memory of one firing alert: which playbook answers it and every attempt so far.
 * Written only by the cluster's healing thread; persisted with {@link HealState}.
 */
final class Incident {

    public String key;
    public String playbook;
    /** When the alert became active: the start of detection-to-recovery time. */
    public Instant alertSince;
    public List<Attempt> attempts = new ArrayList<>();
    /** Cycles left for the alert to resolve after the last attempt was done; 0 when not verifying. */
    public int verifyCyclesLeft;
    /** Not before this time may the next attempt start (backoff). */
    public Instant nextAttemptAt;
    public Instant escalatedAt;
    public boolean dryRunTold;
    /** The last decision recorded, so that an unchanged decision is audited once, not every cycle. */
    public String lastDecision;

    Incident() {
        // for Jackson
    }

    Incident(String key, String playbook, Instant alertSince) {
        this.key = key;
        this.playbook = playbook;
        this.alertSince = alertSince;
    }

    boolean running() {
        return !attempts.isEmpty() && "RUNNING".equals(last().outcome());
    }

    Attempt last() {
        return attempts.get(attempts.size() - 1);
    }

    void replaceLast(Attempt attempt) {
        attempts.set(attempts.size() - 1, attempt);
    }

    long attemptsOf(int step) {
        return attempts.stream().filter(a -> a.step() == step && !"DRY_RUN".equals(a.outcome())).count();
    }
}
