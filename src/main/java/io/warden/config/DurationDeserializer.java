package io.warden.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, or ISO-8601. */
public final class DurationDeserializer extends StdScalarDeserializer<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    /**
     * The longest duration Warden takes: the most milliseconds a Java int holds (24.8 days), which
     * the mail and HTTP clients' timeouts are. Nothing in a config needs to wait longer.
     */
    public static final Duration MAX = Duration.ofDays(24);

    public DurationDeserializer() {
        super(Duration.class);
    }

    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        Duration d = parse(text);
        if (d == null) {
            return (Duration) ctxt.handleWeirdStringValue(Duration.class, text,
                    "expected a duration such as 500ms, 30s, 5m, 2h or 1d");
        }
        return d;
    }

    /** Parses a duration, or returns null when the text is not one (also when no Duration holds it). */
    public static Duration parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SIMPLE.matcher(text.trim());
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text.trim());
        } catch (RuntimeException e) { // not a number, or more seconds than a long holds
            return null;
        }
    }

    /**
     * What is wrong with {@code text} as a duration of the config, to follow the value in a
     * message; null when it is a duration from 0s to {@link #MAX}.
     */
    public static String problem(String text) {
        Duration d = parse(text);
        if (d == null) {
            return " is not a duration; write e.g. 500ms, 30s, 5m, 2h or 1d";
        }
        if (d.isNegative()) {
            return " is negative; a duration is 0s or more";
        }
        if (d.compareTo(MAX) > 0) {
            return " is longer than 24d, the longest duration Warden takes";
        }
        return null;
    }
}
