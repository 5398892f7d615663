package io.warden.alert;

import java.time.Instant;

/**
 * Something that happened to an alert and may be worth telling people: it started firing, it is
 * still firing after the repeat interval, it resolved, or a silence kept it quiet.
 */
public record AlertEvent(Type type, Alert alert, Instant at) {

    public enum Type {
        FIRED, REMINDER, RESOLVED, SILENCED
    }
}
