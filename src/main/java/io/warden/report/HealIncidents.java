package io.warden.report;

import io.warden.audit.AuditEvent;
import io.warden.report.HealReport.ActionReport;
import io.warden.report.HealReport.EscalationReport;
import io.warden.report.HealReport.ReasonCount;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays one cluster's heal records incident by incident. Records before the period are replayed
 * too, so an incident acted on earlier and recovered in the period credits the right action.
 */
final class HealIncidents {

    private static final int TOP_REASONS = 3;

    private static final class Incident {
        final Set<String> actions = new LinkedHashSet<>();
        String lastAction;
        boolean actedInPeriod;
        boolean escalated;
    }

    private static final class Tally {
        int attempts, done, failed, interrupted, unverified, incidents, recovered;
        final List<Long> recoverSeconds = new ArrayList<>();
    }

    private final Instant from;
    private final Map<String, Incident> open = new HashMap<>();
    private final Map<String, Tally> actions = new TreeMap<>();
    private final Map<String, List<String>> escalations = new TreeMap<>();
    private final List<Long> recoverSeconds = new ArrayList<>();
    private int actedOn;
    private int recovered;
    private int afterEscalation;
    private int dryRun;

    private HealIncidents(Instant from) {
        this.from = from;
    }

    /** @param events one cluster's records up to the end of the period, oldest first */
    static HealReport report(List<AuditEvent> events, Instant from) {
        HealIncidents h = new HealIncidents(from);
        events.stream().filter(e -> e.type().startsWith("heal.") && e.key() != null).forEach(h::replay);
        h.open.values().stream().filter(i -> i.actedInPeriod).forEach(i -> h.ended(i, false, 0));
        List<ActionReport> actions = h.actions.entrySet().stream().map(e -> {
            Tally t = e.getValue();
            return new ActionReport(e.getKey(), t.attempts, t.done, t.failed, t.interrupted, t.unverified, t.incidents,
                    t.recovered, Fields.ratio(t.recovered, t.incidents), Stats.of(t.recoverSeconds));
        }).toList();
        List<EscalationReport> escalations = h.escalations.entrySet().stream()
                .map(e -> new EscalationReport(e.getKey(), e.getValue().size(), topReasons(e.getValue())))
                .sorted(Comparator.comparing(EscalationReport::escalations).reversed()).toList();
        return new HealReport(h.actedOn, h.recovered, h.afterEscalation, Fields.ratio(h.recovered, h.actedOn),
                Stats.of(h.recoverSeconds), h.dryRun, actions, escalations);
    }

    private void replay(AuditEvent e) {
        boolean inPeriod = !e.time().isBefore(from);
        Incident inc = open.computeIfAbsent(e.key(), k -> new Incident());
        String action = Fields.text(e, "action");
        switch (e.type()) {
            case "heal.decided" -> {
                String reason = String.valueOf(Fields.text(e, "reason"));
                if (inPeriod && "ACT".equals(Fields.text(e, "decision")) && reason.startsWith("dry run")) {
                    dryRun++;
                }
            }
            case "heal.action.started" -> {
                inc.actions.add(action);
                inc.lastAction = action;
                if (inPeriod) {
                    inc.actedInPeriod = true;
                    tally(action).attempts++;
                }
            }
            case "heal.action.finished" -> {
                if (inPeriod) {
                    outcome(tally(action), Fields.text(e, "outcome"));
                }
            }
            case "heal.action.unverified" -> {
                if (inPeriod) {
                    tally(action).unverified++;
                }
            }
            case "heal.escalated" -> {
                inc.escalated = true;
                if (inPeriod) {
                    escalations.computeIfAbsent(String.valueOf(Fields.text(e, "playbook")), p -> new ArrayList<>())
                            .add(String.valueOf(Fields.text(e, "reason")));
                }
            }
            case "heal.recovered" -> {
                open.remove(e.key());
                if (inPeriod) {
                    ended(inc, true, Fields.number(e, "detectToRecoverSeconds", -1));
                }
            }
            case "heal.not-needed" -> open.remove(e.key()); // resolved before Warden acted: nothing to credit
            default -> {
            }
        }
    }

    private void ended(Incident inc, boolean resolved, long detectToRecoverSeconds) {
        actedOn++;
        inc.actions.forEach(a -> tally(a).incidents++);
        if (!resolved) {
            return;
        }
        if (inc.escalated) {
            afterEscalation++;
            return;
        }
        recovered++;
        if (detectToRecoverSeconds >= 0) {
            recoverSeconds.add(detectToRecoverSeconds);
        }
        if (inc.lastAction != null) { // null: acted on before the trail begins
            Tally t = tally(inc.lastAction);
            t.recovered++;
            if (detectToRecoverSeconds >= 0) {
                t.recoverSeconds.add(detectToRecoverSeconds);
            }
        }
    }

    private static void outcome(Tally t, String outcome) {
        switch (String.valueOf(outcome)) {
            case "DONE" -> t.done++;
            case "FAILED" -> t.failed++;
            case "INTERRUPTED" -> t.interrupted++;
            default -> {
            }
        }
    }

    private Tally tally(String action) {
        return actions.computeIfAbsent(String.valueOf(action), a -> new Tally());
    }

    private static List<ReasonCount> topReasons(List<String> reasons) {
        Map<String, Integer> counts = new TreeMap<>();
        reasons.forEach(r -> counts.merge(r.contains(":") ? r.substring(0, r.indexOf(':')).strip() : r.strip(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> new ReasonCount(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(ReasonCount::count).reversed()).limit(TOP_REASONS).toList();
    }
}
