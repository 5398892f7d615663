package io.warden.alert;

import io.warden.WardenException;
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

    /**
     * A new silence from {@code now} for {@code duration}, or a usage error saying what is wrong:
     * no matcher (it would hide every alert), no duration, or a regex that does not compile.
     */
    public static Silence of(Map<String, String> matchers, java.time.Duration duration, String createdBy, String comment,
                             Instant now) {
        if (matchers.isEmpty()) {
            throw new WardenException(WardenException.USAGE, "a silence needs at least one matcher, e.g. group=billing "
                    + "or key=broker-down/.*; a silence of everything would hide every alert");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new WardenException(WardenException.USAGE, "a silence must last longer than 0s, was " + duration);
        }
        try {
            return new Silence(java.util.UUID.randomUUID().toString().substring(0, 8), matchers, now, now.plus(duration),
                    createdBy, comment == null ? "" : comment);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new WardenException(WardenException.USAGE, "matcher is not a valid regular expression: "
                    + e.getDescription() + " in '" + e.getPattern() + "'");
        }
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
