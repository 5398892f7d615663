package io.warden.alert;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps matching alerts quiet until it expires: they still fire and resolve, and the audit trail
 * says they were silenced, but nobody is notified.
 *
 * @param id        stable id to list and expire it by
 * @param matchers  regexes on {@code key}, {@code check}, {@code rule}, {@code severity} or any label; all must match
 * @param endsAt    when it stops applying
 * @param createdBy who set it (the CLI user or the API token's name)
 * @param comment   why, for the next person on call
 */
public record Silence(String id, Map<String, String> matchers, Instant createdAt, Instant endsAt, String createdBy,
                      String comment) {

    public Silence {
        matchers = Map.copyOf(matchers);
        matchers.forEach((k, v) -> Pattern.compile(v)); // reject a bad regex when the silence is made
    }

    public boolean activeAt(Instant now) {
        return !now.isBefore(createdAt) && now.isBefore(endsAt);
    }

    public boolean matches(Alert alert) {
        return matchers.entrySet().stream().allMatch(e -> {
            String value = switch (e.getKey()) {
                case "key" -> alert.key();
                case "check" -> alert.finding().check();
                case "rule" -> alert.rule();
                case "severity" -> alert.severity().name();
                case "cluster" -> alert.cluster();
                default -> alert.labels().get(e.getKey());
            };
            return value != null && Pattern.compile(e.getValue()).matcher(value).matches();
        });
    }
}
