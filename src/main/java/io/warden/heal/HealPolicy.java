package io.warden.heal;

import io.warden.alert.Alert;
import io.warden.heal.Decision.Act;
import io.warden.heal.Decision.Escalate;
import io.warden.heal.Decision.Ignore;
import io.warden.heal.Decision.Wait;
import io.warden.watch.Recovery;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, without side effects, what self-healing does about one firing alert in one cycle. The
 * rules, in the order a careful on-call engineer applies them: a silenced alert (someone is on it,
 * perhaps restarting that broker on purpose), a paused or switched-off healer
 * waits or ignores; an attempt running or being verified is waited for; too many brokers down or
 * a lost quorum escalates (acting on one of many failures can make things worse); partitions that only
 * an unclean leader election would bring back escalate (Warden never chooses to lose committed records);
 * within the
 * grace period the problem may go away by itself; a used-up playbook escalates; backoff, cooldown
 * and the one-broker-action-at-a-time rule wait; a used-up hourly budget escalates; then act.
 */
public final class HealPolicy {

    /**
     * @param cooldown              after an action on an alert, how long before it may be acted on again
     * @param maxActionsPerHour     actions per cluster and rolling hour
     * @param maxBrokersDown        more brokers down than this: escalate
     * @param maxBrokersDownPercent or more than this share of all brokers
     */
    public record Limits(Duration cooldown, int maxActionsPerHour, int maxBrokersDown, double maxBrokersDownPercent) {
    }

    /**
     * What else the decision depends on, besides the alert and its incident.
     *
     * @param silenced             a silence covers the alert: a human is on it
     * @param paused               healing is paused (why, or null when not)
     * @param brokerActionRunning  the alert key of a broker-affecting action running now, or null
     * @param actionsLastHour      actions started in the last hour in this cluster
     * @param cooldownUntil        when the cooldown of this alert's target ends, or null
     */
    public record Context(ClusterView view, boolean silenced, String paused, String brokerActionRunning, int actionsLastHour,
                          Instant cooldownUntil, Instant now) {
    }

    private final Limits limits;

    public HealPolicy(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    Decision decide(Alert alert, Playbook playbook, Incident incident, Context c) {
        if (incident.escalatedAt != null) {
            return new Ignore("escalated at " + incident.escalatedAt + "; waiting for a human or for the alert to resolve");
        }
        if (c.silenced()) {
            return new Wait(null, "silenced: a human is on it (planned work?); Warden acts again when the silence ends");
        }
        if (c.paused() != null) {
            return new Wait(null, "healing is paused (" + c.paused() + "); the alert is kept and handled on resume");
        }
        if (playbook.mode() == HealMode.OFF) {
            return new Ignore("healing is off for playbook " + playbook.name());
        }
        if (incident.running()) {
            Attempt a = incident.last();
            return new Wait(null, "attempt " + a.number() + " of " + a.action() + " is running since " + a.startedAt());
        }
        if (incident.verifyCyclesLeft > 0) {
            Attempt a = incident.last();
            return new Wait(null, "verifying attempt " + a.number() + " of " + a.action() + ": the alert must resolve within "
                    + incident.verifyCyclesLeft + " more cycle(s)");
        }
        String blast = blastRadius(c.view());
        if (blast != null) {
            return new Escalate(blast);
        }
        if (alert.finding().evidence().get(Recovery.WITHOUT_CLEAN_LEADER) instanceof Number n && n.longValue() > 0) {
            return new Escalate(n + " partition(s) have no eligible leader replica: only an unclean leader election would"
                    + " bring them back, losing committed records; Warden never does that, a human must decide");
        }
        Instant graceEnds = alert.activeSince().plus(playbook.grace());
        if (c.now().isBefore(graceEnds)) {
            return new Wait(graceEnds, "grace period of " + playbook.grace().toSeconds() + "s: the problem may go away by itself");
        }
        int step = currentStep(playbook, incident);
        if (step < 0) {
            return new Escalate("playbook " + playbook.name() + " is used up: " + incident.attempts.size()
                    + " attempt(s) did not resolve the alert");
        }
        Playbook.Step s = playbook.steps().get(step);
        if (s.notifyOnly()) {
            return new Escalate("playbook " + playbook.name() + " says notify only at step " + (step + 1));
        }
        if (playbook.mode() == HealMode.DRY_RUN && incident.dryRunTold) {
            return new Ignore("dry run: " + s.type() + " was not run; told once");
        }
        if (incident.nextAttemptAt != null && c.now().isBefore(incident.nextAttemptAt)) {
            return new Wait(incident.nextAttemptAt, "backing off after attempt " + incident.last().number() + " "
                    + incident.last().outcome().toLowerCase(java.util.Locale.ROOT));
        }
        if (c.cooldownUntil() != null && c.now().isBefore(c.cooldownUntil())) {
            return new Wait(c.cooldownUntil(), "cooldown: Warden acted on " + alert.key() + " recently");
        }
        if (s.affectsBrokers() && c.brokerActionRunning() != null && !c.brokerActionRunning().equals(alert.key())) {
            return new Wait(null, "one broker-affecting action at a time: " + c.brokerActionRunning() + " is being healed");
        }
        if (c.actionsLastHour() >= limits.maxActionsPerHour()) {
            return new Escalate("hourly budget used up: " + c.actionsLastHour() + " action(s) in the last hour, limit "
                    + limits.maxActionsPerHour());
        }
        int attempt = (int) incident.attemptsOf(step) + 1;
        boolean dryRun = playbook.mode() == HealMode.DRY_RUN;
        return new Act(step, s.type(), attempt, dryRun, (dryRun ? "dry run: would run " : "run ") + s.type() + " (step "
                + (step + 1) + ", attempt " + attempt + " of " + s.retry().maxAttempts() + ")");
    }

    /** Why acting now would risk more than it could fix, or null when it would not. */
    String blastRadius(ClusterView v) {
        if (v.unanswered()) {
            return "the cluster did not answer: Warden does not act without seeing it";
        }
        if (v.quorumLost()) {
            return "no active controller: the KRaft quorum is lost, and actions would not be carried out reliably";
        }
        int down = v.missing().size();
        if (down > limits.maxBrokersDown() || v.percentDown() > limits.maxBrokersDownPercent()) {
            return String.format(java.util.Locale.ROOT, "blast radius: %d of %d brokers are down %s, more than the limit of %d "
                            + "broker(s) or %.0f%%; many failures at once point to a shared cause (network, power, a bad "
                            + "deploy) that restarting brokers one by one would not fix", down, v.total(), v.missing(),
                    limits.maxBrokersDown(), limits.maxBrokersDownPercent());
        }
        return null;
    }

    /** The first step whose attempts are not used up, or -1. */
    static int currentStep(Playbook playbook, Incident incident) {
        for (int i = 0; i < playbook.steps().size(); i++) {
            var step = playbook.steps().get(i);
            if (step.notifyOnly() || incident.attemptsOf(i) < step.retry().maxAttempts()) {
                return i;
            }
        }
        return -1;
    }
}
