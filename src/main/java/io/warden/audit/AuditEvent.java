package io.warden.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the audit trail.
 *
 * @param time    when it happened
 * @param type    what happened, dotted: {@code finding.raised}, {@code finding.resolved},
 *                {@code alert.fired}, {@code alert.reminder}, {@code alert.resolved}, {@code alert.silenced},
 *                {@code notification.sent}, {@code notification.failed}, {@code config.loaded},
 *                {@code silence.created}, {@code silence.expired}
 * @param cluster the cluster it is about, null for Warden itself
 * @param key     the finding or alert key, the channel, or the config file
 * @param data    the evidence: JSON-friendly values (numbers, strings, lists, maps); never secrets
 */
public record AuditEvent(Instant time, String type, String cluster, String key, Map<String, Object> data) {

    public AuditEvent {
        data = data == null ? Map.of() : Map.copyOf(data);
    }
}
