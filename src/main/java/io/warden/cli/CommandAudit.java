package io.warden.cli;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The audit record a data-changing command writes when it executes (offset resets, topic changes,
 * replays, purges): into the trail the config names ({@code audit.file}), else the default
 * {@code ./warden-audit.jsonl}, so {@code warden events} and {@code warden report} show it beside
 * what the daemon did.
 */
final class CommandAudit {

    private CommandAudit() {
    }

    /**
     * Appends one record and closes the trail.
     *
     * @param config  the command's {@code --config}, or null
     * @param type    e.g. {@code groups.reset-offsets}
     * @param cluster the cluster's bootstrap servers or name, for the record's cluster field
     * @param key     what was changed, e.g. the group or topic
     */
    static void record(Path config, Clock clock, String type, String cluster, String key, Map<String, Object> data) {
        WardenConfig cfg = config == null ? WardenConfig.defaults() : ConfigLoader.fromSystemEnvironment().load(config);
        try (AuditTrail trail = AuditTrail.open(Path.of(cfg.audit().file()), cfg.audit().maxBytes(), cfg.audit().keep())) {
            trail.append(new AuditEvent(clock.instant(), type, cluster, key, data));
        }
    }
}
