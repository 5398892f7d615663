package io.warden.heal;

import io.warden.WardenException;
import io.warden.config.WardenConfig.HealConfig;
import io.warden.config.WardenConfig.PlaybookConfig;
import io.warden.config.WardenConfig.StepConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the playbooks of the {@code heal:} section, finding each step's action among the
 * {@link RecoveryActionProvider}s on the classpath, and naming the playbook, step and setting of
 * any mistake.
 */
public final class Playbooks {

    private Playbooks() {
    }

    /** The action types available: the built-ins, {@code notify-only} and any plugin's. */
    public static Map<String, RecoveryActionProvider> providers() {
        Map<String, RecoveryActionProvider> byType = new LinkedHashMap<>();
        for (RecoveryActionProvider p : ServiceLoader.load(RecoveryActionProvider.class)) {
            RecoveryActionProvider other = byType.putIfAbsent(p.type(), p);
            if (other != null) {
                throw new IllegalStateException("two recovery action providers for type '" + p.type() + "': "
                        + other.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return byType;
    }

    public static List<Playbook> from(HealConfig heal, ActionResources resources) {
        Map<String, RecoveryActionProvider> providers = providers();
        HealMode defaultMode = mode("heal.mode", heal.mode());
        List<Playbook> out = new ArrayList<>();
        for (int i = 0; i < heal.playbooks().size(); i++) {
            PlaybookConfig p = heal.playbooks().get(i);
            String where = "heal.playbooks[" + i + "]" + (p.name() == null ? "" : " (" + p.name() + ")");
            if (p.name() == null || p.name().isBlank()) {
                throw config(where + ".name: every playbook needs a name");
            }
            if (p.steps().isEmpty()) {
                throw config(where + ".steps: a playbook needs at least one step, e.g. - action: notify-only");
            }
            Map<String, Pattern> match = new LinkedHashMap<>();
            p.match().forEach((label, regex) -> match.put(label, regex(where + ".match." + label, regex)));
            List<Playbook.Step> steps = new ArrayList<>();
            for (int j = 0; j < p.steps().size(); j++) {
                steps.add(step(where + ".steps[" + j + "]", p.steps().get(j), providers, resources));
            }
            out.add(new Playbook(p.name(), p.check() == null ? null : regex(where + ".check", p.check()), match,
                    p.mode() == null ? defaultMode : mode(where + ".mode", p.mode()),
                    p.grace() == null ? heal.grace() : p.grace(), steps));
        }
        return out;
    }

    private static Playbook.Step step(String where, StepConfig s, Map<String, RecoveryActionProvider> providers,
                                      ActionResources resources) {
        RetrySpec retry;
        try {
            retry = new RetrySpec(s.retry().maxAttempts(), s.retry().delay(), s.retry().multiplier(), s.retry().maxDelay());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw config(where + ".retry: " + e.getMessage() + " (max-attempts 1 or more, delay above 0s, multiplier above 1)");
        }
        if (s.verifyCycles() < 1) {
            throw config(where + ".verify-cycles: " + s.verifyCycles() + " must be 1 or more");
        }
        if (Playbook.Step.NOTIFY_ONLY.equals(s.action())) {
            return new Playbook.Step(Playbook.Step.NOTIFY_ONLY, null, retry, s.verifyCycles());
        }
        RecoveryActionProvider provider = s.action() == null ? null : providers.get(s.action());
        if (provider == null) {
            throw config(where + ".action: '" + s.action() + "' is not one of " + Playbook.Step.NOTIFY_ONLY + ", "
                    + String.join(", ", providers.keySet()));
        }
        Map<String, Object> settings = new HashMap<>(s.settings());
        if (s.command() != null) {
            settings.put("command", s.command());
        }
        if (!s.env().isEmpty()) {
            settings.put("env", s.env());
        }
        if (s.workdir() != null) {
            settings.put("workdir", s.workdir());
        }
        if (s.timeout() != null) {
            settings.put("timeout", s.timeout().toMillis() + "ms");
        }
        try {
            return new Playbook.Step(s.action(), provider.create(settings, resources), retry, s.verifyCycles());
        } catch (IllegalArgumentException e) {
            throw config(where + "." + e.getMessage());
        }
    }

    private static HealMode mode(String where, String text) {
        try {
            return HealMode.of(text);
        } catch (IllegalArgumentException e) {
            throw config(where + ": " + e.getMessage());
        }
    }

    private static Pattern regex(String where, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw config(where + ": '" + regex + "' is not a valid regular expression (" + e.getDescription() + ")");
        }
    }

    private static WardenException config(String message) {
        return new WardenException(WardenException.CONFIG, message);
    }
}
