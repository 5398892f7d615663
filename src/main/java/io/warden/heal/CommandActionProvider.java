package io.warden.heal;

import io.warden.config.DurationDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code command}: run a program (see {@link CommandAction}). Settings: {@code command} (a list:
 * program then arguments, e.g. {@code [ssh, "{broker.host}", sudo, systemctl, restart, kafka]}),
 * {@code env} (a map: with PATH, HOME, LANG and TZ, the program's whole environment), {@code workdir},
 * {@code timeout} (default 5m).
 */
public class CommandActionProvider implements RecoveryActionProvider {

    private static final Set<String> KEYS = Set.of("command", "env", "workdir", "timeout");

    @Override
    public String type() {
        return "command";
    }

    /** Whether the program restarts or moves brokers; a plain command may, so it counts as one. */
    protected boolean affectsBrokers() {
        return true;
    }

    @Override
    public RecoveryAction create(Map<String, Object> settings, ActionResources resources) {
        for (String key : settings.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' for action " + type() + "; known: " + KEYS);
            }
        }
        if (!(settings.get("command") instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("command: a list, the program then its arguments, e.g. "
                    + "[systemctl, restart, kafka] or [ssh, \"{broker.host}\", sudo, systemctl, restart, kafka]");
        }
        List<String> command = new ArrayList<>();
        list.forEach(a -> command.add(String.valueOf(a)));
        Map<String, String> env = new LinkedHashMap<>();
        if (settings.get("env") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (settings.get("env") != null) {
            throw new IllegalArgumentException("env: a map of NAME: value");
        }
        Path workdir = null;
        if (settings.get("workdir") != null) {
            workdir = Path.of(String.valueOf(settings.get("workdir")));
            if (!Files.isDirectory(workdir)) {
                throw new IllegalArgumentException("workdir: '" + workdir + "' is not a directory");
            }
        }
        Duration timeout = Duration.ofMinutes(5);
        if (settings.get("timeout") != null) {
            timeout = DurationDeserializer.parse(String.valueOf(settings.get("timeout")));
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                throw new IllegalArgumentException("timeout: '" + settings.get("timeout") + "' is not a duration above 0, e.g. 5m");
            }
        }
        return new CommandAction(type(), affectsBrokers(), command, env, workdir, timeout, System.getenv());
    }
}
