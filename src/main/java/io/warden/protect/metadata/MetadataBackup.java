package io.warden.protect.metadata;

import io.warden.protect.drift.AclEntry;
import io.warden.protect.drift.TopicMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The content of a metadata backup file.
 *
 * @param format          always {@link #FORMAT}
 * @param version         the file format's version, {@link #VERSION}
 * @param topics          non-internal topics with partitions, RF and config overrides
 * @param acls            the ACLs, or null when the cluster had no authorizer
 * @param aclsUnavailable why the ACLs are missing, or null
 * @param groups          per consumer group, its committed offsets
 * @param connectors      per connector, its config; null when no Connect cluster was named
 */
public record MetadataBackup(String format, int version, Instant capturedAt, String clusterId,
                             Map<String, TopicMetadata> topics, List<AclEntry> acls, String aclsUnavailable,
                             Map<String, List<PartitionOffset>> groups, Map<String, Map<String, String>> connectors) {

    public static final String FORMAT = "warden-metadata-backup";
    public static final int VERSION = 1;

    public MetadataBackup {
        topics = topics == null ? Map.of() : topics;
        groups = groups == null ? Map.of() : groups;
    }
}
