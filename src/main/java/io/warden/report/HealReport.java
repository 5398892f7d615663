package io.warden.report;

import java.util.List;

/**
 * Self-healing over the period. An incident is one alert (cluster and key) that the healer
 * handled, from its first heal record to {@code heal.recovered} or {@code heal.not-needed}.
 *
 * @param incidentsActedOn        incidents with an action started in the period, or recovered in it
 * @param recovered               of those, the ones that ended in heal.recovered without having been escalated
 * @param resolvedAfterEscalation incidents that ended in heal.recovered after Warden had escalated them:
 *                                a human took over, so they do not count as recovered by Warden
 * @param recoveryRate            recovered / incidentsActedOn, null when Warden acted on nothing
 * @param detectToRecoverSeconds  heal.recovered's detectToRecoverSeconds (alert active to resolved) of the recovered
 * @param dryRunDecisions         heal.decided records that would have acted but ran nothing (dry run)
 * @param actions                 per action, by name
 * @param escalations             per playbook, most escalations first
 */
public record HealReport(int incidentsActedOn, int recovered, int resolvedAfterEscalation, Double recoveryRate,
                         Stats detectToRecoverSeconds, int dryRunDecisions, List<ActionReport> actions,
                         List<EscalationReport> escalations) {

    public HealReport {
        actions = List.copyOf(actions);
        escalations = List.copyOf(escalations);
    }

    /**
     * One recovery action. Outcomes count heal.action.finished and heal.action.unverified records
     * in the period, so a DONE attempt whose alert did not resolve in time counts as DONE and UNVERIFIED.
     * A recovery is credited to the last action run before it.
     *
     * @param incidents the incidents acted on in which this action ran
     * @param recovered the incidents recovered with this action as the last one run
     */
    public record ActionReport(String action, int attempts, int done, int failed, int interrupted, int unverified,
                               int incidents, int recovered, Double recoveryRate, Stats detectToRecoverSeconds) {
    }

    /**
     * One playbook's escalations to a human.
     *
     * @param topReasons the most frequent reasons, each the reason's text before its first ':'
     *                   (the rest carries the numbers of the moment)
     */
    public record EscalationReport(String playbook, int escalations, List<ReasonCount> topReasons) {

        public EscalationReport {
            topReasons = List.copyOf(topReasons);
        }
    }

    /** How often one reason was given. */
    public record ReasonCount(String reason, int count) {
    }
}
