package io.warden.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A notification as the body of Alertmanager's {@code POST /api/v2/alerts}: one alert per event,
 * firing without {@code endsAt}, resolved with {@code endsAt} at the moment Warden saw it resolve.
 *
 * <p>Labels identify an alert in Alertmanager, so they are the stable ones: {@code alertname} (the
 * rule), {@code cluster}, {@code severity}, {@code key} (Warden's key of the problem), {@code source}
 * ({@code warden}) and the alert's own labels (group, topic, broker, the rule's labels). Warden's
 * own five win over an alert label of the same name. Everything that changes from cycle to cycle is
 * an annotation. Values read from a cluster (group and topic names) are untrusted: they are only
 * ever JSON string values, written by Jackson, and label names are made valid.
 */
final class AlertmanagerPayload {

    /** Alertmanager's label names: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    private static final Pattern NOT_IN_NAME = Pattern.compile("[^a-zA-Z0-9_]");
    // A label value is part of the alert's identity and shown in every page: a name of megabytes is
    // cut, consistently, so the same problem keeps the same identity.
    static final int MAX_LABEL_CHARS = 1_024;
    private static final int MAX_ANNOTATION_CHARS = 16_384;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertmanagerPayload() {
    }

    /** The JSON array Alertmanager takes; {@code console} is the base of each alert's generatorURL, if known. */
    static String json(Notification n, Optional<URI> console) {
        try {
            return JSON.writeValueAsString(alerts(n, console));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Map<String, Object>> alerts(Notification n, Optional<URI> console) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (AlertEvent e : EventText.ordered(n.events())) {
            if (e.type() == AlertEvent.Type.SILENCED) {
                continue; // a silence in Warden means: tell no one
            }
            Alert a = e.alert();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("labels", labels(a, n.cluster()));
            m.put("annotations", annotations(e));
            m.put("startsAt", (a.firingSince() != null ? a.firingSince() : a.activeSince() != null ? a.activeSince() : e.at()).toString());
            if (e.type() == AlertEvent.Type.RESOLVED) {
                m.put("endsAt", e.at().toString());
            }
            console.ifPresent(base -> m.put("generatorURL", generatorUrl(base, n.cluster(), a.key())));
            out.add(m);
        }
        return out;
    }

    static Map<String, String> labels(Alert a, String cluster) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("alertname", value(a.rule(), MAX_LABEL_CHARS));
        labels.put("cluster", value(a.cluster() != null ? a.cluster() : cluster, MAX_LABEL_CHARS));
        labels.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        labels.put("key", value(a.key(), MAX_LABEL_CHARS));
        labels.put("source", "warden");
        new TreeMap<>(a.labels()).forEach((name, v) -> {
            String value = value(v, MAX_LABEL_CHARS);
            if (!value.isEmpty()) { // Alertmanager reads an empty value as no label
                labels.putIfAbsent(labelName(name), value);
            }
        });
        labels.remove("");
        return labels;
    }

    private static Map<String, String> annotations(AlertEvent e) {
        Alert a = e.alert();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("summary", EventText.message(a));
        List<String> description = new ArrayList<>();
        description.add(EventText.message(a));
        description.add(EventText.since(e));
        description.addAll(EventText.evidenceLines(EventText.evidence(a), "  "));
        m.put("description", String.join("\n", description));
        String evidence = EventText.evidenceLine(EventText.evidence(a));
        if (!evidence.isEmpty()) {
            m.put("evidence", evidence);
        }
        if (a.finding() != null) {
            m.put("value", EventText.value(a.finding().value()));
        }
        if (a.runbook() != null && !a.runbook().isBlank()) {
            m.put("runbook", a.runbook().strip());
        }
        if (e.detail() != null) {
            m.put("healing", e.detail().strip());
        }
        m.replaceAll((k, v) -> value(v, MAX_ANNOTATION_CHARS));
        return m;
    }

    /** {@code team-name} becomes {@code team_name}, {@code 2fa} becomes {@code _2fa}. */
    static String labelName(String name) {
        String s = NOT_IN_NAME.matcher(name == null ? "" : name).replaceAll("_");
        return !s.isEmpty() && Character.isDigit(s.charAt(0)) ? "_" + s : s;
    }

    /**
     * The text as it is, but valid UTF-8 (a lone surrogate would make Jackson fail or Alertmanager
     * refuse the whole batch) and at most {@code max} characters.
     */
    static String value(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max + 1));
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        if (i == text.length() && out.length() <= max) {
            return out.toString();
        }
        while (out.length() > max - 1) {
            out.setLength(out.length() - Character.charCount(out.codePointBefore(out.length())));
        }
        return out.append('…').toString();
    }

    /**
     * The alert on the console's alerts page: {@code <console>/#/alerts?cluster=<cluster>&key=<key>},
     * both encoded (the console routes in the fragment, so the server serves its page whatever follows).
     */
    static String generatorUrl(URI console, String cluster, String key) {
        String base = console.toString().replaceAll("/+$", "");
        return base + "/#/alerts?cluster=" + URLEncoder.encode(cluster, StandardCharsets.UTF_8)
                + "&key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }
}
