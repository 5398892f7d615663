package io.warden.alert;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditSink;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Adding and ending silences, each audited: the one way the HTTP API and {@code warden silence}
 * change the silences (a {@link SilenceStore} or a fleet's shared topic), so a silence set from either shows in the audit trail alike.
 */
public final class SilenceService {

    private final Silences store;
    private final AuditSink audit;
    private final Clock clock;

    public SilenceService(Silences store, AuditSink audit, Clock clock) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    public List<Silence> active() {
        return store.active();
    }

    public Silence add(Map<String, String> matchers, Duration duration, String createdBy, String comment) {
        Silence s = store.add(matchers, duration, createdBy, comment);
        audit.appendChange(new AuditEvent(s.createdAt(), "silence.created", null, s.id(), Map.of("matchers", s.matchers(),
                "endsAt", s.endsAt().toString(), "createdBy", s.createdBy(), "comment", s.comment())),
                "silence " + s.id() + " WAS added");
        return s;
    }

    /** Ends a silence now; false when no silence has that id. */
    public boolean expire(String id) {
        boolean expired = store.expire(id);
        if (expired) {
            audit.appendChange(new AuditEvent(clock.instant(), "silence.expired", null, id, Map.of()),
                    "silence " + id + " WAS expired");
        }
        return expired;
    }
}
