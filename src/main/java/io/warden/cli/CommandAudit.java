package io.warden.cli;

import io.warden.WardenException;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditSink;
import io.warden.audit.AuditTrail;
import io.warden.config.WardenConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The audit trail of a data-changing command (offset resets, topic changes, cleanups, replays,
 * purges): the trail the config names ({@code audit.file}), else the default
 * {@code ./warden-audit.jsonl}, so {@code warden events} and {@code warden report} show it beside
 * what the daemon did.
 *
 * <p>A command opens it before it changes anything, so a config that does not load (an unset
 * {@code ${ENV}}) or a trail that cannot be written stops the command with nothing changed. After
 * the change the command, or the service it passed this sink to, records it. A record that cannot be
 * written then is reported when the audit is closed, after the result was printed, saying plainly
 * what was changed (exit 73): an operator who only saw an error would run the change again.
 */
final class CommandAudit implements AuditSink, AutoCloseable {

    private final AuditTrail trail;
    private final Clock clock;
    private final String cluster;
    private final List<String> unrecorded = new ArrayList<>();

    private CommandAudit(AuditTrail trail, Clock clock, String cluster) {
        this.trail = trail;
        this.clock = clock;
        this.cluster = cluster;
    }

    /**
     * Loads the config, and opens its trail when the command will change something; a trail that
     * records nothing when it will not. A config the operator named is checked in a dry run too,
     * so it fails then and not first at --execute.
     *
     * @param config  the command's {@code --config}/{@code --config-file}, or null for the default trail
     * @param cluster the cluster's bootstrap servers or name, for the records' cluster field
     * @throws WardenException 78 when the config is invalid, 73 when the trail cannot be written
     */
    static CommandAudit open(boolean execute, Path config, Clock clock, String cluster) {
        WardenConfig.AuditConfig audit = ConfigOption.load(config).audit();
        if (!execute) {
            return new CommandAudit(AuditTrail.disabled(), clock, cluster);
        }
        AuditTrail trail = AuditTrail.open(Path.of(audit.file()), audit.maxBytes(), audit.keep());
        try {
            trail.openNow();
        } catch (IOException e) {
            trail.close();
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the audit trail " + trail.file() + ": "
                    + e.getMessage() + "; nothing was changed (name a writable audit.file in " + (config == null ? "--config"
                    : config) + ")");
        }
        return new CommandAudit(trail, clock, cluster);
    }

    /**
     * Appends one record. Never throws: a record that cannot be written is reported by {@link #close}.
     *
     * @param type e.g. {@code groups.reset-offsets}
     * @param key  what was changed, e.g. the group or topic
     * @param done what the operator must know was done if the record is lost, e.g. "offsets of group
     *             billing WERE reset"; null when nothing changed (a step that failed)
     */
    void record(String type, String key, Map<String, Object> data, String done) {
        appendChange(new AuditEvent(clock.instant(), type, cluster, key, data), done);
    }

    /** Appends a record a service wrote; one that is lost is reported by {@link #close}. */
    @Override
    public void append(AuditEvent event) {
        appendChange(event, null);
    }

    @Override
    public void appendChange(AuditEvent event, String done) {
        long lost = trail.failures();
        trail.append(event);
        if (trail.failures() > lost) {
            unrecorded.add(done);
        }
    }

    /**
     * Closes the trail.
     *
     * @throws WardenException 73 when a record could not be written, saying what was changed
     */
    @Override
    public void close() {
        trail.close();
        if (unrecorded.isEmpty()) {
            return;
        }
        List<String> changes = unrecorded.stream().filter(java.util.Objects::nonNull).toList();
        String lost = (unrecorded.size() == 1 ? "the audit record" : unrecorded.size() + " audit records")
                + " could not be written to " + trail.file() + ": " + trail.lastFailure();
        throw new WardenException(WardenException.CANT_CREATE, changes.isEmpty() ? "nothing was changed, but " + lost
                : String.join("; ", changes) + "; " + lost + " (the change stands: do not run it again)");
    }
}
