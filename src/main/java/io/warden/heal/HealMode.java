package io.warden.heal;

import java.util.Locale;

/** Whether a playbook acts: not at all, on paper only (decide, record, notify), or for real. */
public enum HealMode {
    OFF, DRY_RUN, ON;

    /**
     * Parses {@code off}, {@code dry-run} or {@code on}; also {@code false} and {@code true}, which is
     * what YAML 1.1 makes of an unquoted off and on.
     */
    public static HealMode of(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "off", "false" -> OFF;
            case "dry-run" -> DRY_RUN;
            case "on", "true" -> ON;
            default -> throw new IllegalArgumentException("'" + text + "' is not off, dry-run or on");
        };
    }
}
