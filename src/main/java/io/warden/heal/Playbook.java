package io.warden.heal;

import io.warden.alert.Alert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to do about alerts of one kind: the steps in order, in which mode, after which grace.
 *
 * @param check regex on the alert's check, null for any
 * @param match regexes on the alert's labels (or {@code cluster}); all must match
 */
public record Playbook(String name, Pattern check, Map<String, Pattern> match, HealMode mode, Duration grace,
                       List<Step> steps) {

    public Playbook {
        match = Map.copyOf(match);
        steps = List.copyOf(steps);
    }

    /** What an attempt of this playbook can end with, as {@link HealListener#attempt} tells it: nothing when it is off. */
    public List<String> attemptOutcomes(boolean dryRun) {
        if (mode == HealMode.OFF) {
            return List.of();
        }
        return dryRun || mode == HealMode.DRY_RUN ? List.of("DRY_RUN") : List.of("DONE", "FAILED", "INTERRUPTED", "UNVERIFIED");
    }

    public boolean matches(Alert alert) {
        if (check != null && (alert.finding() == null || !check.matcher(alert.finding().check()).matches())) {
            return false;
        }
        return match.entrySet().stream().allMatch(e -> {
            String value = "cluster".equals(e.getKey()) && !alert.labels().containsKey("cluster")
                    ? alert.cluster() : alert.labels().get(e.getKey());
            return value != null && e.getValue().matcher(value).matches();
        });
    }

    /**
     * One step.
     *
     * @param type         the action's type ({@code notify-only} has no action: it escalates)
     * @param action       null for notify-only
     * @param verifyCycles cycles within which the alert must resolve after an attempt
     */
    public record Step(String type, RecoveryAction action, RetrySpec retry, int verifyCycles) {

        public static final String NOTIFY_ONLY = "notify-only";

        public boolean notifyOnly() {
            return action == null;
        }

        public boolean affectsBrokers() {
            return action != null && action.affectsBrokers();
        }
    }
}
