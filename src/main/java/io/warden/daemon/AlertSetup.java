package io.warden.daemon;

import io.warden.WardenException;
import io.warden.alert.AlertRule;
import io.warden.config.WardenConfig;
import io.warden.watch.Severity;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns a rule of the {@code alerts:} section of the config into an alert rule, naming the rule and key of any mistake. */
final class AlertSetup {

    private AlertSetup() {
    }

    /** The rule at {@code index} of {@code alerts.rules}; a {@link WardenException} naming it when it is wrong. */
    static AlertRule rule(WardenConfig.RuleConfig r, int index) {
        String where = "alerts.rules[" + index + "]" + (r.name() == null ? "" : " (" + r.name() + ")");
        if (r.name() == null || r.name().isBlank()) {
            throw new WardenException(WardenException.CONFIG, where + ".name: every rule needs a name");
        }
        if ((r.warning() != null || r.critical() != null) && (r.rateWarning() != null || r.rateCritical() != null)) {
            throw new WardenException(WardenException.CONFIG, where + ": a rule grades either by value "
                    + "(warning/critical) or by rise per minute (rate-warning/rate-critical), not both; make two rules");
        }
        Severity severity = null;
        if (r.severity() != null) {
            try {
                severity = Severity.valueOf(r.severity().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new WardenException(WardenException.CONFIG, where + ".severity: '" + r.severity()
                        + "' is not one of warning, critical, unknown");
            }
        }
        Map<String, Pattern> match = new LinkedHashMap<>();
        r.match().forEach((label, regex) -> match.put(label, regex(where + ".match." + label, regex)));
        return new AlertRule(r.name(), r.check() == null ? null : regex(where + ".check", r.check()), match,
                r.warning(), r.critical(), r.rateWarning(), r.rateCritical(), severity, r.forDuration(),
                r.repeatInterval(), r.labels(), r.runbook() == null ? "" : r.runbook());
    }

    private static Pattern regex(String where, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new WardenException(WardenException.CONFIG, where + ": '" + regex + "' is not a valid regular expression ("
                    + e.getDescription() + ")");
        }
    }
}
