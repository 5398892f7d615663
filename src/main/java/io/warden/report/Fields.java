package io.warden.report;

import io.warden.audit.AuditEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads evidence values from audit records leniently: a trail written by another Warden version
 * may miss a field or hold it as another JSON type, and a report must still come out.
 */
final class Fields {

    private Fields() {
    }

    static String text(AuditEvent e, String field) {
        Object v = e.data().get(field);
        return v == null ? null : v.toString();
    }

    static long number(AuditEvent e, String field, long otherwise) {
        Object v = e.data().get(field);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return v == null ? otherwise : Long.parseLong(v.toString());
        } catch (NumberFormatException notANumber) {
            return otherwise;
        }
    }

    static Instant instant(AuditEvent e, String field) {
        String v = text(e, field);
        try {
            return v == null ? null : Instant.parse(v);
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }

    static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
