package io.warden.protect.drift;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a cluster's metadata was at one instant, as written to a drift baseline file.
 *
 * @param format         always {@link #FORMAT}, so a wrong file is recognised
 * @param version        the file format's version, {@link #VERSION}
 * @param brokers        per broker id, the configs set on it (statically or dynamically)
 * @param clusterDefaults dynamic broker configs set cluster-wide
 * @param acls           the ACLs, or null when they could not be read
 * @param aclsUnavailable why the ACLs could not be read, or null
 */
public record ClusterMetadata(String format, int version, Instant capturedAt, String clusterId,
                              Map<String, TopicMetadata> topics, Map<String, Map<String, String>> brokers,
                              Map<String, String> clusterDefaults, List<AclEntry> acls, String aclsUnavailable) {

    public static final String FORMAT = "warden-metadata";
    public static final int VERSION = 1;
    /** Said instead of failing when the cluster has no authorizer. */
    public static final String NO_AUTHORIZER = "ACLs not available: no authorizer";

    public ClusterMetadata {
        topics = topics == null ? Map.of() : topics;
        brokers = brokers == null ? Map.of() : brokers;
        clusterDefaults = clusterDefaults == null ? Map.of() : clusterDefaults;
    }
}
