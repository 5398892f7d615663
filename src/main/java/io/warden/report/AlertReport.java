package io.warden.report;

import java.time.Instant;
import java.util.List;

/**
 * Alerting over the period. "Fired" counts {@code alert.fired} records, so an alert regraded to
 * another severity counts again; durations run from an alert's first firing.
 *
 * @param fired                alert.fired records in the period
 * @param resolved             alert.resolved records in the period (with silenced resolutions)
 * @param silenced             alert.silenced records in the period: events a silence kept from being sent
 * @param byCheck              fired by check (the key up to its first '/') and severity, most first
 * @param stillFiring          alerts fired and not resolved at the end of the period, oldest first
 * @param timeToResolveSeconds alert.fired to alert.resolved of the same key, for resolutions in the period
 *                             whose firing is in the trail
 * @param timeToDetectSeconds  finding.raised to the first alert.fired of the same key, for firings in the
 *                             period: the wait a rule's {@code for:} adds, since when a problem truly
 *                             began is not known, only when Warden first saw it
 */
public record AlertReport(int fired, int resolved, int silenced, List<CheckCount> byCheck, List<FiringAlert> stillFiring,
                          Stats timeToResolveSeconds, Stats timeToDetectSeconds) {

    public AlertReport {
        byCheck = List.copyOf(byCheck);
        stillFiring = List.copyOf(stillFiring);
    }

    /** How many alerts of one check and severity fired. */
    public record CheckCount(String check, String severity, int fired) {
    }

    /** An alert still firing when the period ended. */
    public record FiringAlert(String key, String severity, Instant firingSince) {
    }
}
