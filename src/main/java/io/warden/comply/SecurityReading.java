package io.warden.comply;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What was seen of a cluster's transport security at one instant: its listeners and the
 * certificates of every TLS endpoint (brokers, Connect, Schema Registry).
 *
 * @param readAt          when the reading started
 * @param listeners       from the brokers' configs, or from the bootstrap servers when those could not be read
 * @param fromBrokerConfigs the listeners came from the brokers' configs (not the bootstrap fallback)
 * @param configError     why the brokers' configs could not be read, or null
 * @param brokerConfigs   the security settings of each broker that answered (broker id to name to value)
 * @param endpoints       every TLS endpoint and its chain
 */
public record SecurityReading(Instant readAt, List<Listener> listeners, boolean fromBrokerConfigs, String configError,
                              Map<Integer, Map<String, String>> brokerConfigs, List<TlsEndpoint> endpoints) {

    /** Stands for the value of a setting the broker has but does not reveal (Kafka hides settings it does not define itself). */
    public static final String HIDDEN = "(hidden by the broker)";

    public SecurityReading {
        listeners = List.copyOf(listeners);
        brokerConfigs = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(brokerConfigs)); // in broker order
        endpoints = List.copyOf(endpoints);
    }
}
