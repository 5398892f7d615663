package io.warden.alert;

import java.time.Instant;

/**
 * Something that happened to an alert and may be worth telling people: it started firing, it is
 * still firing after the repeat interval, it resolved, a silence kept it quiet, self-healing is
 * acting on it (or would, in a dry run), or self-healing gave up and a human must take over.
 *
 * @param detail for HEALING and ESCALATED: what Warden did and why, as lines of text; null otherwise
 */
public record AlertEvent(Type type, Alert alert, Instant at, String detail) {

    public AlertEvent(Type type, Alert alert, Instant at) {
        this(type, alert, at, null);
    }

    public enum Type {
        FIRED, REMINDER, RESOLVED, SILENCED, HEALING, ESCALATED
    }
}
