package io.warden.protect.drift;

import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConfigEntry.ConfigSource;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SecurityDisabledException;

/**
 * Reads a cluster's metadata with a few batched Admin calls: topics (non-internal) with their
 * config overrides, broker configs set per broker and cluster-wide, and ACLs when an authorizer is on.
 */
public final class MetadataReader {

    static final String HIDDEN = "[hidden]";
    private static final Set<ConfigSource> BROKER_SOURCES = Set.of(ConfigSource.DYNAMIC_BROKER_CONFIG,
            ConfigSource.STATIC_BROKER_CONFIG, ConfigSource.DYNAMIC_BROKER_LOGGER_CONFIG);

    private final Admin admin;
    private final Duration timeout;
    private final String clusterId;

    public MetadataReader(KafkaConnection connection) {
        this(connection.admin(), connection.settings().timeout(), connection.clusterId());
    }

    public MetadataReader(Admin admin, Duration timeout, String clusterId) {
        this.admin = admin;
        this.timeout = timeout;
        this.clusterId = clusterId;
    }

    /** Everything at once, stamped with the clock's instant. */
    public ClusterMetadata read(Clock clock) {
        List<AclEntry> acls = null;
        String aclsUnavailable = null;
        try {
            acls = acls();
        } catch (SecurityDisabledException e) {
            aclsUnavailable = ClusterMetadata.NO_AUTHORIZER;
        }
        Map<String, Map<String, String>> brokers = new TreeMap<>();
        for (Node n : Futures.get(admin.describeCluster().nodes(), timeout)) {
            brokers.put(String.valueOf(n.id()), brokerConfigs(String.valueOf(n.id()), BROKER_SOURCES));
        }
        return new ClusterMetadata(ClusterMetadata.FORMAT, ClusterMetadata.VERSION, clock.instant(), clusterId,
                topics(Futures.get(admin.listTopics().names(), timeout)), brokers,
                brokerConfigs("", Set.of(ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG)), acls, aclsUnavailable);
    }

    /** The named topics that exist, by name, with partitions, RF and config overrides. */
    public Map<String, TopicMetadata> topics(Collection<String> names) {
        Map<String, TopicMetadata> topics = new TreeMap<>();
        if (names.isEmpty()) {
            return topics;
        }
        Map<String, TopicDescription> descriptions = Futures.get(admin.describeTopics(names).allTopicNames(), timeout);
        List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = Futures.get(admin.describeConfigs(resources).all(), timeout);
        for (String name : names) {
            TopicDescription d = descriptions.get(name);
            Map<String, String> overrides = overrides(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)),
                    Set.of(ConfigSource.DYNAMIC_TOPIC_CONFIG));
            int rf = d.partitions().isEmpty() ? 0 : d.partitions().get(0).replicas().size();
            topics.put(name, new TopicMetadata(d.partitions().size(), rf, overrides));
        }
        return topics;
    }

    /** All ACLs, sorted; throws {@link SecurityDisabledException} when the cluster has no authorizer. */
    public List<AclEntry> acls() {
        List<AclEntry> acls = new ArrayList<>(Futures.get(admin.describeAcls(AclBindingFilter.ANY).values(), timeout)
                .stream().map(AclEntry::of).toList());
        acls.sort(null);
        return acls;
    }

    private Map<String, String> brokerConfigs(String broker, Set<ConfigSource> sources) {
        ConfigResource r = new ConfigResource(ConfigResource.Type.BROKER, broker);
        return overrides(Futures.get(admin.describeConfigs(List.of(r)).all(), timeout).get(r), sources);
    }

    private static Map<String, String> overrides(Config config, Set<ConfigSource> sources) {
        Map<String, String> m = new TreeMap<>();
        for (ConfigEntry e : config.entries()) {
            if (sources.contains(e.source()) && (e.value() != null || e.isSensitive())) {
                m.put(e.name(), e.isSensitive() ? HIDDEN : e.value());
            }
        }
        return m;
    }
}
