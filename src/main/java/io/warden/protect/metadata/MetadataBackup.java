package io.warden.protect.metadata;

import io.warden.protect.drift.AclEntry;
import io.warden.protect.drift.TopicMetadata;
import io.warden.schemaregistry.RegistryContent;
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
 * @param schemaRegistry  the Schema Registry's subjects and settings; null when no registry was named
 */
public record MetadataBackup(String format, int version, Instant capturedAt, String clusterId,
                             Map<String, TopicMetadata> topics, List<AclEntry> acls, String aclsUnavailable,
                             Map<String, List<PartitionOffset>> groups, Map<String, Map<String, String>> connectors,
                             RegistryContent schemaRegistry) {

    public static final String FORMAT = "warden-metadata-backup";
    /** Version 2 adds {@code schemaRegistry}; a file without it is still written as version 1. */
    public static final int VERSION = 2;

    public MetadataBackup {
        topics = topics == null ? Map.of() : topics;
        groups = groups == null ? Map.of() : groups;
    }

    public MetadataBackup(String format, int version, Instant capturedAt, String clusterId,
                          Map<String, TopicMetadata> topics, List<AclEntry> acls, String aclsUnavailable,
                          Map<String, List<PartitionOffset>> groups, Map<String, Map<String, String>> connectors) {
        this(format, version, capturedAt, clusterId, topics, acls, aclsUnavailable, groups, connectors, null);
    }

    /**
     * The version a file with this content is written as: a Warden that reads only version 1 would
     * silently ignore the registry's subjects, so a file that has them refuses to load there instead.
     */
    static int versionFor(RegistryContent schemaRegistry) {
        return schemaRegistry == null ? 1 : VERSION;
    }
}
