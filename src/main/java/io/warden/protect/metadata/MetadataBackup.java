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
 * @param groups          per consumer group (classic and consumer protocol), its committed offsets
 * @param connectors      per connector, its config; null when no Connect cluster was named
 * @param schemaRegistry  the Schema Registry's subjects and settings; null when no registry was named
 * @param shareGroups     per share group, its start offsets (the first record not yet acknowledged)
 * @param streamsGroups   per streams group (Kafka Streams on the streams protocol), its committed offsets
 */
public record MetadataBackup(String format, int version, Instant capturedAt, String clusterId,
                             Map<String, TopicMetadata> topics, List<AclEntry> acls, String aclsUnavailable,
                             Map<String, List<PartitionOffset>> groups, Map<String, Map<String, String>> connectors,
                             RegistryContent schemaRegistry, Map<String, List<PartitionOffset>> shareGroups,
                             Map<String, List<PartitionOffset>> streamsGroups) {

    public static final String FORMAT = "warden-metadata-backup";
    /**
     * Version 2 adds {@code schemaRegistry}, version 3 {@code shareGroups} and {@code streamsGroups};
     * a file is written as the lowest version that holds its content.
     */
    public static final int VERSION = 3;

    public MetadataBackup {
        topics = topics == null ? Map.of() : topics;
        groups = groups == null ? Map.of() : groups;
        shareGroups = shareGroups == null ? Map.of() : shareGroups;
        streamsGroups = streamsGroups == null ? Map.of() : streamsGroups;
    }

    public MetadataBackup(String format, int version, Instant capturedAt, String clusterId,
                          Map<String, TopicMetadata> topics, List<AclEntry> acls, String aclsUnavailable,
                          Map<String, List<PartitionOffset>> groups, Map<String, Map<String, String>> connectors,
                          RegistryContent schemaRegistry) {
        this(format, version, capturedAt, clusterId, topics, acls, aclsUnavailable, groups, connectors, schemaRegistry,
                Map.of(), Map.of());
    }

    public MetadataBackup(String format, int version, Instant capturedAt, String clusterId,
                          Map<String, TopicMetadata> topics, List<AclEntry> acls, String aclsUnavailable,
                          Map<String, List<PartitionOffset>> groups, Map<String, Map<String, String>> connectors) {
        this(format, version, capturedAt, clusterId, topics, acls, aclsUnavailable, groups, connectors, null);
    }

    /**
     * The version a file with this content is written as: a Warden that reads only version 1 would
     * silently ignore the registry's subjects, and one that reads up to 2 the share and streams
     * groups, so a file that has them refuses to load there instead.
     */
    static int versionFor(RegistryContent schemaRegistry) {
        return schemaRegistry == null ? 1 : 2;
    }

    static int versionFor(RegistryContent schemaRegistry, Map<String, List<PartitionOffset>> shareGroups,
                          Map<String, List<PartitionOffset>> streamsGroups) {
        return shareGroups.isEmpty() && streamsGroups.isEmpty() ? versionFor(schemaRegistry) : VERSION;
    }
}
