package io.warden.alert;

import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which findings become alerts, how bad they are, and how patient to be.
 *
 * @param name           shown in messages and the audit trail
 * @param check          regex on {@link Finding#check()} (e.g. {@code consumer-lag}), null for any
 * @param match          regexes on the finding's labels (e.g. {@code group: billing-.*}) or on
 *                       {@code cluster}, the cluster's name; all must match
 * @param warning        value at or above which the finding is a warning; null keeps the check's grading
 * @param critical       value at or above which it is critical
 * @param rateWarning    rise of the value per minute at or above which it is a warning (a rate rule)
 * @param rateCritical   ... critical
 * @param severity       a fixed severity, overriding the grading, or null
 * @param forDuration    how long the finding must persist before the alert fires (pending until then)
 * @param repeatInterval how often a still-firing alert is sent again
 * @param labels         added to the alert (team, service, ...)
 * @param runbook        the next step suggested to whoever is paged
 */
public record AlertRule(String name, Pattern check, Map<String, Pattern> match, Double warning, Double critical,
                        Double rateWarning, Double rateCritical, Severity severity, Duration forDuration,
                        Duration repeatInterval, Map<String, String> labels, String runbook) {

    public AlertRule {
        match = Map.copyOf(match);
        labels = Map.copyOf(labels);
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        repeatInterval = repeatInterval == null ? Duration.ofHours(4) : repeatInterval;
    }

    public boolean isRateRule() {
        return rateWarning != null || rateCritical != null;
    }

    /**
     * Whether this rule decides about {@code f}, found in {@code cluster}; a {@code cluster} matcher
     * is tried on the cluster's name unless the finding has a label of that name.
     */
    public boolean matches(Finding f, String cluster) {
        if (check != null && !check.matcher(f.check()).matches()) {
            return false;
        }
        return match.entrySet().stream().allMatch(e -> {
            String value = f.labels().getOrDefault(e.getKey(), "cluster".equals(e.getKey()) ? cluster : null);
            return value != null && e.getValue().matcher(value).matches();
        });
    }

    /**
     * The severity this rule gives a finding, or null when the finding does not reach the rule's
     * thresholds. {@code ratePerMinute} is null when no earlier value is known.
     */
    public Severity grade(Finding f, Double ratePerMinute) {
        Severity graded;
        if (isRateRule()) {
            graded = ratePerMinute == null ? null : byThreshold(ratePerMinute, rateWarning, rateCritical);
        } else if (warning != null || critical != null) {
            graded = byThreshold(f.value(), warning, critical);
        } else {
            graded = f.severity() == Severity.OK || f.severity() == Severity.INFO ? null : f.severity();
        }
        return graded == null || severity == null ? graded : severity;
    }

    private static Severity byThreshold(double value, Double warning, Double critical) {
        if (critical != null && value >= critical) {
            return Severity.CRITICAL;
        }
        return warning != null && value >= warning ? Severity.WARNING : null;
    }
}
