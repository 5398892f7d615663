package io.warden.alert;

import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * A problem that a rule turned into an alert.
 *
 * @param key         the finding's stable key: one alert per problem
 * @param rule        name of the rule that matched
 * @param severity    severity after the rule's thresholds
 * @param cluster     which cluster it is about
 * @param activeSince when the finding was first seen (pending began)
 * @param firingSince when it started firing, null while pending
 * @param finding     the latest finding: message, value, evidence
 * @param labels      the finding's labels plus the rule's
 * @param runbook     the suggested next step for a human, one line
 */
public record Alert(String key, String rule, Severity severity, String cluster, Instant activeSince,
                    Instant firingSince, Finding finding, Map<String, String> labels, String runbook) {

    public Alert {
        labels = Map.copyOf(labels);
    }
}
