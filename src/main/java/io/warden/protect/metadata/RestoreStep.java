package io.warden.protect.metadata;

import io.warden.protect.drift.AclEntry;
import io.warden.protect.drift.TopicMetadata;
import io.warden.schemaregistry.SchemaVersion;
import java.util.List;
import java.util.Map;

/**
 * One step of a metadata restore, decided before anything runs. Only the creating kinds are
 * executed; {@link Kind#DIFFERS} and {@link Kind#SKIPPED} are reported and never change the cluster.
 *
 * @param subject the topic, group, connector, ACL or Schema Registry subject the step is about
 * @param summary one line for people
 */
public record RestoreStep(Kind kind, String subject, String summary, TopicMetadata topic, AclEntry acl,
                          List<PartitionOffset> offsets, Map<String, String> connectorConfig, SubjectRestore schemas) {

    /** What a step does. */
    public enum Kind {
        CREATE_TOPIC, CREATE_ACL, SET_GROUP_OFFSETS, SET_SHARE_GROUP_OFFSETS, SET_STREAMS_GROUP_OFFSETS, CREATE_CONNECTOR,
        REGISTER_SCHEMAS, SET_COMPATIBILITY, DIFFERS, SKIPPED;

        /** Whether {@code --execute} runs a step of this kind. */
        public boolean changes() {
            return this != DIFFERS && this != SKIPPED;
        }
    }

    public RestoreStep(Kind kind, String subject, String summary, TopicMetadata topic, AclEntry acl,
                       List<PartitionOffset> offsets, Map<String, String> connectorConfig) {
        this(kind, subject, summary, topic, acl, offsets, connectorConfig, null);
    }

    static RestoreStep report(Kind kind, String subject, String summary) {
        return new RestoreStep(kind, subject, summary, null, null, null, null);
    }

    /**
     * What to do to one Schema Registry subject.
     *
     * @param register      versions to register, oldest first; empty for a compatibility-only step
     * @param compatibility the subject's own level to set, or null
     * @param keepIds       register in IMPORT mode with the backup's ids and version numbers
     */
    public record SubjectRestore(List<SchemaVersion> register, String compatibility, boolean keepIds) {
        public SubjectRestore {
            register = List.copyOf(register);
        }
    }
}
