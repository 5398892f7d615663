package io.warden.notify;

import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.watch.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** The words for one alert event, shared by every message format so they all say the same. */
final class EventText {

    /** Entries of one evidence list shown before "and N more": the top few are what one acts on. */
    static final int MAX_ITEMS = 5;

    private EventText() {
    }

    /** Firing before resolved, worst first, then by key, so the first lines are the ones to act on. */
    static List<AlertEvent> ordered(List<AlertEvent> events) {
        Comparator<AlertEvent> byType = Comparator.comparingInt(e -> typeRank(e.type()));
        Comparator<AlertEvent> bySeverity = (a, b) -> severityOrder(a.alert().severity(), b.alert().severity());
        List<AlertEvent> sorted = new ArrayList<>(events);
        sorted.sort(byType.thenComparing(bySeverity).thenComparing(e -> e.alert().key()));
        return sorted;
    }

    static boolean firing(AlertEvent e) {
        return e.type() == AlertEvent.Type.FIRED || e.type() == AlertEvent.Type.REMINDER;
    }

    /** "CRITICAL FIRING for 12m", "WARNING STILL FIRING for 2h 5m", "WARNING RESOLVED after 14m". */
    static String headline(AlertEvent e) {
        Alert a = e.alert();
        String age = age(a.activeSince(), e.at());
        return a.severity() + " " + switch (e.type()) {
            case FIRED -> "FIRING" + (age.isEmpty() ? "" : " for " + age);
            case REMINDER -> "STILL FIRING" + (age.isEmpty() ? "" : " for " + age);
            case RESOLVED -> "RESOLVED" + (age.isEmpty() ? "" : " after " + age);
            case SILENCED -> "SILENCED" + (age.isEmpty() ? "" : ", active for " + age);
            case HEALING -> "SELF-HEALING" + (age.isEmpty() ? "" : ", active for " + age);
            case ESCALATED -> "ESCALATED: SELF-HEALING GAVE UP" + (age.isEmpty() ? "" : ", active for " + age);
        };
    }

    /** What is wrong and where, in the check's own words. */
    static String message(Alert a) {
        return a.finding() != null && a.finding().message() != null ? a.finding().message() : a.key();
    }

    static String runbook(Alert a) {
        return a.runbook() == null || a.runbook().isBlank()
                ? "no runbook step is configured for rule " + a.rule() : a.runbook().strip();
    }

    static Map<String, Object> evidence(Alert a) {
        return a.finding() == null ? Map.of() : new TreeMap<>(a.finding().evidence());
    }

    /** "active since 2026-01-31T11:48:00Z (12m), firing since 2026-01-31T11:50:00Z (10m)". */
    static String since(AlertEvent e) {
        Alert a = e.alert();
        StringJoiner out = new StringJoiner(", ");
        if (a.activeSince() != null) {
            out.add("active since " + a.activeSince() + " (" + age(a.activeSince(), e.at()) + ")");
        }
        if (a.firingSince() != null) {
            out.add("firing since " + a.firingSince() + " (" + age(a.firingSince(), e.at()) + ")");
        }
        if (e.type() == AlertEvent.Type.RESOLVED && e.at() != null) {
            out.add("resolved at " + e.at());
        }
        return out.length() == 0 ? "unknown" : out.toString();
    }

    /**
     * Evidence as lines: the single values on the first, then each list or map with its top
     * {@link #MAX_ITEMS} entries, one per line, indented by {@code indent}.
     */
    static List<String> evidenceLines(Map<String, Object> evidence, String indent) {
        List<String> lines = new ArrayList<>();
        StringJoiner scalars = new StringJoiner(", ");
        evidence.forEach((k, v) -> {
            if (!isBlock(v) && !(v instanceof Map<?, ?>)) {
                scalars.add(k + "=" + value(v));
            }
        });
        if (scalars.length() > 0) {
            lines.add(scalars.toString());
        }
        evidence.forEach((k, v) -> {
            if (isBlock(v)) {
                List<?> items = (List<?>) v;
                lines.add(k + " (" + items.size() + "):");
                items.stream().limit(MAX_ITEMS).forEach(item -> lines.add(indent + "- " + value(item)));
                if (items.size() > MAX_ITEMS) {
                    lines.add(indent + "and " + (items.size() - MAX_ITEMS) + " more");
                }
            } else if (v instanceof Map<?, ?> map) {
                lines.add(k + ": " + value(map));
            }
        });
        return lines;
    }

    /** A list of records (e.g. top partitions) gets a line per entry; a list of numbers stays inline. */
    private static boolean isBlock(Object v) {
        return v instanceof List<?> items && items.stream().anyMatch(i -> i instanceof Map<?, ?> || i instanceof List<?>);
    }

    /** Evidence on one line, for a log line or a chat message. */
    static String evidenceLine(Map<String, Object> evidence) {
        StringJoiner out = new StringJoiner(", ");
        evidence.forEach((k, v) -> {
            if (isBlock(v)) {
                List<?> items = (List<?>) v;
                StringJoiner list = new StringJoiner("; ", "[", "]");
                items.stream().limit(3).forEach(item -> list.add(value(item)));
                if (items.size() > 3) {
                    list.add("and " + (items.size() - 3) + " more");
                }
                out.add(k + "=" + list);
            } else {
                out.add(k + "=" + value(v));
            }
        });
        return out.toString();
    }

    /** A value as an operator reads it: whole numbers without ".0", maps as "k=v k=v". */
    static String value(Object v) {
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return String.format(Locale.ROOT, "%.2f", d);
        }
        if (v instanceof Map<?, ?> map) {
            StringJoiner out = new StringJoiner(" ");
            map.entrySet().stream().limit(3L * MAX_ITEMS).forEach(en -> out.add(en.getKey() + "=" + value(en.getValue())));
            if (map.size() > 3 * MAX_ITEMS) {
                out.add("and " + (map.size() - 3 * MAX_ITEMS) + " more");
            }
            return out.toString();
        }
        if (v instanceof List<?> list) {
            StringJoiner out = new StringJoiner(", ", "[", "]");
            list.stream().limit(3L * MAX_ITEMS).forEach(item -> out.add(value(item)));
            if (list.size() > 3 * MAX_ITEMS) {
                out.add("and " + (list.size() - 3 * MAX_ITEMS) + " more");
            }
            return out.toString();
        }
        return String.valueOf(v);
    }

    /** "45s", "12m", "1h 5m", "2d 3h": two units are enough to act on; empty when unknown. */
    static String age(Instant from, Instant to) {
        if (from == null || to == null) {
            return "";
        }
        long s = Math.max(0, Duration.between(from, to).toSeconds());
        if (s >= 86_400) {
            return s / 86_400 + "d " + (s % 86_400) / 3_600 + "h";
        }
        if (s >= 3_600) {
            return s / 3_600 + "h " + (s % 3_600) / 60 + "m";
        }
        if (s >= 60) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        }
        return s + "s";
    }

    private static int typeRank(AlertEvent.Type type) {
        return switch (type) {
            case ESCALATED -> 0;
            case FIRED -> 1;
            case REMINDER -> 2;
            case HEALING -> 3;
            case RESOLVED -> 4;
            case SILENCED -> 5;
        };
    }

    /** Worst first, using Severity's own idea of "worst". */
    private static int severityOrder(Severity a, Severity b) {
        if (a == b) {
            return 0;
        }
        return a.worst(b) == a ? -1 : 1;
    }
}
