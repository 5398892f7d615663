package io.warden.notify;

import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.watch.Severity;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each alert event as one key=value line: WARN while a problem fires, INFO when it resolves
 * or is silenced, so a log search for level=WARN finds what needs a human.
 */
final class LogNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(LogNotifier.class);

    private final String name;

    LogNotifier(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Notification notification) {
        for (AlertEvent e : EventText.ordered(notification.events())) {
            Alert a = e.alert();
            boolean needsHuman = e.type() == AlertEvent.Type.ESCALATED
                    || EventText.firing(e) && a.severity().worst(Severity.WARNING) == a.severity();
            String line = "event=alert_" + e.type().name().toLowerCase(Locale.ROOT)
                    + " cluster=" + quote(notification.cluster())
                    + " key=" + quote(a.key())
                    + " severity=" + a.severity()
                    + " rule=" + quote(a.rule())
                    + " active_since=" + a.activeSince()
                    + " for=" + quote(EventText.age(a.activeSince(), e.at()))
                    + " message=" + quote(EventText.message(a))
                    + " evidence=" + quote(EventText.evidenceLine(EventText.evidence(a)))
                    + " runbook=" + quote(EventText.runbook(a))
                    + (e.detail() == null ? "" : " healing=" + quote(e.detail()));
            if (needsHuman) {
                log.warn(line);
            } else {
                log.info(line);
            }
        }
    }

    /** Quotes values with spaces, quotes or '=' so each line splits back into its keys. */
    static String quote(String value) {
        if (value == null) {
            return "\"\"";
        }
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c < 0x20)) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\r\\n\\t]+", " ") + '"';
    }

    @Override
    public String toString() {
        return "log:" + name;
    }
}
