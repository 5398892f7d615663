package io.warden.audit;

import java.util.List;

/**
 * What {@link AuditReader} found: the events that passed the filter, oldest first, and how many
 * lines could not be read (a line torn by a crash, or garbage) and were skipped.
 */
public record AuditLog(List<AuditEvent> events, int skippedLines) {

    public AuditLog {
        events = List.copyOf(events);
    }
}
