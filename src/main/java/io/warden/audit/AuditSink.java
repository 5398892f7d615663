package io.warden.audit;

/**
 * Where a service records what it did, so a change is audited the same whether the CLI, the HTTP
 * API or the daemon asked for it. {@link AuditTrail} is the file-backed one.
 */
public interface AuditSink {

    /** A sink that records nothing: a dry run changes nothing, so there is nothing to record. */
    AuditSink NONE = event -> { };

    /** Records one event. Never throws: a lost record must not undo or stop the change it describes. */
    void append(AuditEvent event);

    /**
     * Records a change that has been made.
     *
     * @param done what the operator must be told was changed should this record be lost, e.g.
     *             "offsets of group billing WERE reset (undo file ...)"
     */
    default void appendChange(AuditEvent event, String done) {
        append(event);
    }
}
