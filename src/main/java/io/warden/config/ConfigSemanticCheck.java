package io.warden.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a well-formed config can still get wrong: negative or inverted thresholds, fractions
 * outside 0..1, zero intervals, ports out of range, notifiers without a type.
 */
final class ConfigSemanticCheck {

    /** The monitor keeps every snapshot of the window; a few thousand cover any sensible window. */
    static final int MAX_CYCLES_IN_WINDOW = 10_000;

    private final String source;
    private final Map<String, int[]> positions;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigSemanticCheck(String source, Map<String, int[]> positions) {
        this.source = source;
        this.positions = positions;
    }

    static List<ConfigProblem> check(String source, WardenConfig c, Map<String, int[]> positions) {
        var check = new ConfigSemanticCheck(source, positions);
        check.clusters(c);
        check.positive("watch.interval", c.watch().interval());
        check.positive("watch.timeout", c.watch().timeout());
        check.positive("watch.shutdown-timeout", c.watch().shutdownTimeout());
        if (c.watch().window().compareTo(c.watch().interval()) < 0) {
            check.problem("watch.window", "'" + c.watch().window() + "' is shorter than watch.interval; the window must "
                    + "hold at least two cycles to judge trends");
        } else if (!c.watch().interval().isZero() && c.watch().window().dividedBy(c.watch().interval()) > MAX_CYCLES_IN_WINDOW) {
            check.problem("watch.window", "'" + c.watch().window() + "' holds more than " + MAX_CYCLES_IN_WINDOW
                    + " cycles of watch.interval, each kept in memory; shorten the window or lengthen the interval");
        }
        check.thresholds("checks.lag", c.checks().lag().warning(), c.checks().lag().critical(), null);
        check.thresholds("checks.dlq", c.checks().dlq().warning().doubleValue(), c.checks().dlq().critical().doubleValue(), null);
        check.thresholds("checks.disk", c.checks().disk().warning(), c.checks().disk().critical(), 1.0);
        check.thresholds("checks.lag-growth", c.checks().lagGrowth().warning(), null, null);
        check.thresholds("checks.rebalances", c.checks().rebalances().warning(), null, null);
        check.positive("checks.quorum.catch-up-timeout", c.checks().quorum().catchUpTimeout());
        var certificates = c.checks().certificates();
        if (certificates.criticalDays() < 0) {
            check.problem("checks.certificates.critical-days", certificates.criticalDays() + " is negative; days are 0 or more");
        }
        if (certificates.warningDays() < certificates.criticalDays()) {
            check.problem("checks.certificates.warning-days", certificates.warningDays() + " is below critical-days "
                    + certificates.criticalDays() + "; a certificate is a warning first, so warning-days is the larger one");
        }
        check.positive("checks.certificates.interval", certificates.interval());
        Double urp = c.checks().underReplicated().criticalPercent();
        if (urp != null && (urp < 0 || urp > 100)) {
            check.problem("checks.under-replicated.critical-percent", urp + " is not a percentage between 0 and 100");
        }
        for (int i = 0; i < c.checks().dlq().patterns().size(); i++) {
            check.regex("checks.dlq.patterns[" + i + "]", c.checks().dlq().patterns().get(i));
        }
        int port = c.http().port();
        if (port < -1 || port > 65_535) {
            check.problem("http.port", port + " is not a port: use 1-65535, 0 for any free port, -1 for none");
        }
        var auth = c.http().auth();
        if (auth.protectMetrics() && (!auth.enabled() || auth.tokens().isEmpty())) {
            check.problem("http.auth.protect-metrics", "true, but no token could pass it (http.auth "
                    + (auth.enabled() ? "has no tokens" : "is off") + "): add one for the scraper under http.auth.tokens "
                    + "(name: prometheus, token: ${WARDEN_TOKEN_PROMETHEUS}, role: viewer) with http.auth.enabled: true, "
                    + "or set protect-metrics: false");
        }
        if (!java.util.Set.of("ERROR", "WARN", "INFO", "DEBUG", "TRACE").contains(c.logging().level().toUpperCase(java.util.Locale.ROOT))) {
            check.problem("logging.level", "'" + c.logging().level() + "' is not one of ERROR, WARN, INFO, DEBUG, TRACE");
        }
        if (c.logging().maxBytes() <= 0) {
            check.problem("logging.max-bytes", c.logging().maxBytes() + " must be above 0");
        }
        if (c.logging().keep() < 0) {
            check.problem("logging.keep", c.logging().keep() + " must be 0 or more");
        }
        if (c.audit().maxBytes() <= 0) {
            check.problem("audit.max-bytes", c.audit().maxBytes() + " must be above 0");
        }
        if (c.audit().keep() < 0) {
            check.problem("audit.keep", c.audit().keep() + " must be 0 or more");
        }
        for (int i = 0; i < c.alerts().rules().size(); i++) {
            var r = c.alerts().rules().get(i);
            String at = "alerts.rules[" + i + "]";
            check.thresholds(at, r.warning(), r.critical(), null);
            check.thresholds(at + ".rate", r.rateWarning(), r.rateCritical(), null);
            if (r.name() == null || r.name().isBlank()) {
                check.problem(at, "every rule needs a name");
            }
            if (r.check() != null) {
                check.regex(at + ".check", r.check());
            }
            if (r.repeatInterval() != null) {
                check.positive(at + ".repeat-interval", r.repeatInterval());
            }
            r.match().forEach((k, v) -> check.regex(at + ".match." + k, v));
        }
        check.heal(c.heal());
        c.notifiers().forEach((name, settings) -> {
            if (settings == null || !(settings.get("type") instanceof String)) {
                check.problem("notifiers." + name, "needs a type: email, webhook or log (or a plugin's type)");
            }
        });
        return check.problems;
    }

    /** Every watched cluster needs a name of its own (it labels metrics, alerts and audit records) and an address. */
    private void clusters(WardenConfig c) {
        if (c.clusters().isEmpty()) {
            clusterName("cluster.name", c.cluster().name());
            services("cluster", c.cluster());
            return;
        }
        if (positions.containsKey("cluster")) {
            problem("cluster", "set either cluster: (one cluster) or clusters: (a list), not both; "
                    + "move this section into the clusters: list");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < c.clusters().size(); i++) {
            var cluster = c.clusters().get(i);
            String at = "clusters[" + i + "]";
            if (!positions.containsKey(at + ".name")) {
                problem(at + ".name", "missing; every cluster in the list needs a name, e.g. name: prod-eu");
            } else if (clusterName(at + ".name", cluster.name()) && !names.add(cluster.name())) {
                problem(at + ".name", "'" + cluster.name() + "' names two clusters; every cluster needs its own name");
            }
            if (cluster.bootstrapServers() == null || cluster.bootstrapServers().isBlank()) {
                problem(at + ".bootstrap-servers", "missing; write the cluster's brokers, e.g. bootstrap-servers: kafka-1:9092,kafka-2:9092");
            }
            services(at, cluster);
        }
    }

    private void services(String at, WardenConfig.ClusterConfig cluster) {
        if (cluster.connect() != null) {
            positive(at + ".connect.timeout", cluster.connect().timeout());
        }
        if (cluster.schemaRegistry() != null) {
            positive(at + ".schema-registry.timeout", cluster.schemaRegistry().timeout());
        }
    }

    /** YAML 1.1 reads an unquoted on/off as true/false: both spellings mean the same. */
    private static final java.util.Set<String> MODES = java.util.Set.of("off", "dry-run", "on", "true", "false");

    private void heal(WardenConfig.HealConfig h) {
        if (!MODES.contains(h.mode())) {
            problem("heal.mode", "'" + h.mode() + "' is not off, dry-run or on");
        }
        positive("heal.grace", h.grace().plusMillis(1)); // 0s is allowed: act at once
        if (h.maxActionsPerHour() < 0) {
            problem("heal.max-actions-per-hour", h.maxActionsPerHour() + " must be 0 or more");
        }
        if (h.maxBrokersDown() < 0) {
            problem("heal.max-brokers-down", h.maxBrokersDown() + " must be 0 or more");
        }
        if (h.maxBrokersDownPercent() < 0 || h.maxBrokersDownPercent() > 100) {
            problem("heal.max-brokers-down-percent", h.maxBrokersDownPercent() + " is not a percentage between 0 and 100");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < h.playbooks().size(); i++) {
            var p = h.playbooks().get(i);
            String at = "heal.playbooks[" + i + "]";
            if (p.name() == null || p.name().isBlank()) {
                problem(at + ".name", "missing; every playbook needs a name");
            } else if (!names.add(p.name())) {
                problem(at + ".name", "'" + p.name() + "' names two playbooks");
            }
            if (p.mode() != null && !MODES.contains(p.mode())) {
                problem(at + ".mode", "'" + p.mode() + "' is not off, dry-run or on");
            }
            if (p.check() != null) {
                regex(at + ".check", p.check());
            }
            p.match().forEach((k, v) -> regex(at + ".match." + k, v));
            if (p.steps().isEmpty()) {
                problem(at + ".steps", "a playbook needs at least one step, e.g. - action: notify-only");
            }
            for (int j = 0; j < p.steps().size(); j++) {
                var step = p.steps().get(j);
                String st = at + ".steps[" + j + "]";
                if (step.action() == null) {
                    problem(st + ".action", "missing; one of command, restart-broker, elect-preferred-leaders, notify-only");
                } else if (java.util.Set.of("command", "restart-broker").contains(step.action())
                        && (step.command() == null || step.command().isEmpty())) {
                    problem(st + ".command", "missing; action " + step.action() + " runs a program: command: [systemctl, restart, kafka]");
                }
                if (step.timeout() != null) {
                    positive(st + ".timeout", step.timeout());
                }
                var r = step.retry();
                if (r.maxAttempts() < 1) {
                    problem(st + ".retry.max-attempts", r.maxAttempts() + " must be 1 or more");
                }
                if (r.multiplier() < 1) {
                    problem(st + ".retry.multiplier", r.multiplier() + " must be 1 or more");
                }
                positive(st + ".retry.delay", r.delay());
                if (r.maxDelay().compareTo(r.delay()) < 0) {
                    problem(st + ".retry.max-delay", "'" + r.maxDelay() + "' is shorter than the delay " + r.delay());
                }
                if (step.verifyCycles() < 1) {
                    problem(st + ".verify-cycles", step.verifyCycles() + " must be 1 or more");
                }
            }
        }
    }

    private boolean clusterName(String field, String name) {
        if (!CLUSTER_NAME.matcher(name).matches()) {
            problem(field, "'" + name + "' is not a cluster name: use letters, digits, '.', '_' and '-', "
                    + "starting with a letter or digit");
            return false;
        }
        return true;
    }

    private static final java.util.regex.Pattern CLUSTER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private void positive(String field, Duration d) {
        if (d.isNegative() || d.isZero()) {
            problem(field, "'" + d + "' must be longer than 0s");
        }
    }

    private void thresholds(String section, Double warning, Double critical, Double max) {
        if (warning != null && warning < 0) {
            problem(section + ".warning", warning + " is negative; thresholds are 0 or more");
        }
        if (critical != null && critical < 0) {
            problem(section + ".critical", critical + " is negative; thresholds are 0 or more");
        }
        if (max != null && warning != null && warning > max) {
            problem(section + ".warning", warning + " is above " + max + " (a fraction: 0.8 means 80 %)");
        }
        if (max != null && critical != null && critical > max) {
            problem(section + ".critical", critical + " is above " + max + " (a fraction: 0.9 means 90 %)");
        }
        if (warning != null && critical != null && warning > critical) {
            problem(section + ".warning", warning + " is above the critical threshold " + critical
                    + "; warning must be the lower one");
        }
    }

    private void regex(String field, String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
        } catch (java.util.regex.PatternSyntaxException e) {
            problem(field, "'" + regex + "' is not a valid regular expression (" + e.getDescription() + ")");
        }
    }

    private void problem(String field, String message) {
        problems.add(ConfigProblem.at(source, positions, field, message));
    }
}
