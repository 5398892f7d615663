package io.warden.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.watch.Severity;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Renders a notification for people and machines: an email subject and plain-text body, a generic
 * JSON payload, and a Slack-compatible payload. Every format says what is wrong, where, since when,
 * the evidence and the next step, and keeps all events of a notification in one message.
 */
public final class Messages {

    /** Past this many events a text message shows the worst ones and says how many more there are. */
    public static final int MAX_EVENTS = 50;

    // Slack rejects more than 50 blocks and section texts over 3,000 characters.
    private static final int SLACK_EVENT_BLOCKS = 45;
    private static final int SLACK_SECTION_CHARS = 2_900;
    private static final int SUBJECT_CHARS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    /** {@code [warden] prod: 2 firing (1 CRITICAL), 1 resolved — broker 2 is not registered}. */
    public static String subject(Notification n, String prefix) {
        String s = (prefix == null || prefix.isBlank() ? "" : prefix.strip() + " ") + summary(n);
        return truncate(s.replaceAll("[\\r\\n]+", " "), SUBJECT_CHARS);
    }

    /** The counts, then the worst event's message: what a pager shows in one line. */
    public static String summary(Notification n) {
        List<AlertEvent> events = EventText.ordered(n.events());
        long firing = events.stream().filter(EventText::firing).count();
        long critical = events.stream().filter(e -> EventText.firing(e) && e.alert().severity() == Severity.CRITICAL).count();
        StringJoiner counts = new StringJoiner(", ");
        if (firing > 0) {
            counts.add(firing + " firing" + (critical > 0 ? " (" + critical + " CRITICAL)" : ""));
        }
        count(events, AlertEvent.Type.ESCALATED, "escalated by self-healing", counts);
        count(events, AlertEvent.Type.HEALING, "self-healing", counts);
        count(events, AlertEvent.Type.RESOLVED, "resolved", counts);
        count(events, AlertEvent.Type.SILENCED, "silenced", counts);
        String head = n.cluster() + ": " + (counts.length() == 0 ? "no alert events" : counts.toString());
        if (events.isEmpty()) {
            return head;
        }
        AlertEvent top = events.get(0);
        return head + " — " + (EventText.firing(top) ? "" : top.type() + ": ") + EventText.message(top.alert());
    }

    /** Plain text for email: one block per event, worst first, at most {@link #MAX_EVENTS} blocks. */
    public static String body(Notification n) {
        List<AlertEvent> events = EventText.ordered(n.events());
        StringBuilder out = new StringBuilder(1024)
                .append("Cluster ").append(n.cluster()).append(" at ").append(n.at()).append('\n')
                .append(summary(n)).append("\n");
        int shown = Math.min(events.size(), MAX_EVENTS);
        for (int i = 0; i < shown; i++) {
            AlertEvent e = events.get(i);
            Alert a = e.alert();
            out.append('\n').append(i + 1).append(". ").append(EventText.headline(e)).append(" — ").append(a.key()).append('\n');
            line(out, "What", EventText.message(a));
            line(out, "Since", EventText.since(e));
            line(out, "Rule", a.rule() + (a.labels().isEmpty() ? "" : "  labels: " + EventText.value(new TreeMap<>(a.labels()))));
            List<String> evidence = EventText.evidenceLines(EventText.evidence(a), "  ");
            line(out, "Evidence", evidence.isEmpty() ? "none recorded" : String.join("\n" + " ".repeat(14), evidence));
            line(out, "Next step", EventText.runbook(a));
            if (e.detail() != null) {
                line(out, "Healing", e.detail().strip().replace("\n", "\n" + " ".repeat(14)));
            }
        }
        if (events.size() > shown) {
            out.append("\n… and ").append(events.size() - shown).append(" more events, less or equally severe;")
                    .append(" 'warden status' shows them all.\n");
        }
        return out.append("\n-- \nSent by Warden for cluster ").append(n.cluster()).append(".\n").toString();
    }

    /**
     * Generic JSON: {@code {cluster, at, summary, events: [{type, key, severity, rule, message, value,
     * activeSince, firingSince, labels, evidence, runbook}]}}, every event, timestamps in ISO-8601 UTC.
     */
    public static String json(Notification n) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cluster", n.cluster());
        root.put("at", iso(n.at()));
        root.put("summary", summary(n));
        List<Map<String, Object>> events = new ArrayList<>();
        for (AlertEvent e : EventText.ordered(n.events())) {
            Alert a = e.alert();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", e.type().name());
            m.put("at", iso(e.at()));
            m.put("key", a.key());
            m.put("severity", a.severity().name());
            m.put("rule", a.rule());
            m.put("check", a.finding() == null ? null : a.finding().check());
            m.put("message", EventText.message(a));
            m.put("value", a.finding() == null ? null : a.finding().value());
            m.put("activeSince", iso(a.activeSince()));
            m.put("firingSince", iso(a.firingSince()));
            m.put("labels", a.labels());
            m.put("evidence", EventText.evidence(a));
            m.put("runbook", EventText.runbook(a));
            if (e.detail() != null) {
                m.put("healing", e.detail());
            }
            events.add(m);
        }
        root.put("events", events);
        return write(root);
    }

    /** Slack incoming-webhook payload: {@code text} for the notification, one mrkdwn section per event. */
    public static String slack(Notification n) {
        List<AlertEvent> events = EventText.ordered(n.events());
        List<Object> blocks = new ArrayList<>();
        blocks.add(section("*" + escape(summary(n)) + "*"));
        events.stream().limit(SLACK_EVENT_BLOCKS).forEach(e -> blocks.add(section(slackEvent(e))));
        if (events.size() > SLACK_EVENT_BLOCKS) {
            blocks.add(section("_… and " + (events.size() - SLACK_EVENT_BLOCKS)
                    + " more events; `warden status` shows them all._"));
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("text", summary(n));
        root.put("blocks", blocks);
        return write(root);
    }

    private static String slackEvent(AlertEvent e) {
        Alert a = e.alert();
        String evidence = EventText.evidenceLine(EventText.evidence(a));
        String text = "*" + escape(EventText.headline(e)) + "* `" + escape(a.key()) + "`\n"
                + escape(EventText.message(a)) + "\n"
                + "_" + escape(EventText.since(e)) + "_\n"
                + (evidence.isEmpty() ? "" : "Evidence: " + escape(evidence) + "\n")
                + "*Next step:* " + escape(EventText.runbook(a))
                + (e.detail() == null ? "" : "\n*Self-healing:*\n```" + escape(e.detail().strip()) + "```");
        return truncate(text, SLACK_SECTION_CHARS);
    }

    private static Map<String, Object> section(String mrkdwn) {
        return Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", mrkdwn));
    }

    /** Slack reads &lt;, &gt; and &amp; as markup; everything else is literal. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void count(List<AlertEvent> events, AlertEvent.Type type, String word, StringJoiner out) {
        long n = events.stream().filter(e -> e.type() == type).count();
        if (n > 0) {
            out.add(n + " " + word);
        }
    }

    private static void line(StringBuilder out, String label, String text) {
        out.append("   ").append(String.format("%-11s", label + ":")).append(text).append('\n');
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static String write(Object tree) {
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
