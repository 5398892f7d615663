package io.warden.protect.metadata;

import io.warden.protect.drift.AclEntry;
import io.warden.protect.drift.TopicMetadata;
import java.util.List;
import java.util.Map;

/**
 * One step of a metadata restore, decided before anything runs. Only the creating kinds are
 * executed; {@link Kind#DIFFERS} and {@link Kind#SKIPPED} are reported and never change the cluster.
 *
 * @param subject the topic, group, connector or ACL the step is about
 * @param summary one line for people
 */
public record RestoreStep(Kind kind, String subject, String summary, TopicMetadata topic, AclEntry acl,
                          List<PartitionOffset> offsets, Map<String, String> connectorConfig) {

    /** What a step does. */
    public enum Kind {
        CREATE_TOPIC, CREATE_ACL, SET_GROUP_OFFSETS, CREATE_CONNECTOR, DIFFERS, SKIPPED;

        /** Whether {@code --execute} runs a step of this kind. */
        public boolean changes() {
            return this != DIFFERS && this != SKIPPED;
        }
    }

    static RestoreStep report(Kind kind, String subject, String summary) {
        return new RestoreStep(kind, subject, summary, null, null, null, null);
    }
}
