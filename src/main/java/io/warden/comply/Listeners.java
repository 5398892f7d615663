package io.warden.comply;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A broker's client listeners from its configs, as Kafka reads them: {@code advertised.listeners}
 * (else {@code listeners}) for where clients connect, {@code listener.security.protocol.map} for
 * each name's protocol, {@code listeners} for the address it binds, the per-listener
 * {@code listener.name.NAME.} settings before the broker-wide ones. Controller listeners are left
 * out: clients never connect to them.
 */
final class Listeners {

    /** Kafka's default map, used when the broker's is not set. */
    private static final String DEFAULT_MAP = "PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL";
    static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    /** The configs a security review reads; everything else of a broker's config is left out of a reading. */
    static boolean relevant(String key) {
        return Set.of("listeners", "advertised.listeners", "listener.security.protocol.map", "controller.listener.names",
                "sasl.enabled.mechanisms", "ssl.client.auth", "authorizer.class.name", "allow.everyone.if.no.acl.found",
                "super.users", "inter.broker.listener.name").contains(key)
                || key.startsWith("listener.name.") && (key.endsWith(".sasl.enabled.mechanisms") || key.endsWith(".ssl.client.auth"));
    }

    private Listeners() {
    }

    /**
     * @param loopbackOnly whether a bind host is reachable from this host only ("" and 0.0.0.0 are not)
     */
    static List<Listener> of(int brokerId, Map<String, String> config, Predicate<String> loopbackOnly) {
        String advertised = blankToNull(config.get("advertised.listeners"));
        Map<String, String[]> bound = endpoints(config.get("listeners"));
        Map<String, String[]> clients = advertised == null ? bound : endpoints(advertised);
        Map<String, String> protocols = protocolMap(config.get("listener.security.protocol.map"));
        Set<String> controllers = Set.copyOf(names(config.get("controller.listener.names")).stream()
                .map(n -> n.toUpperCase(Locale.ROOT)).toList());
        List<Listener> out = new ArrayList<>();
        clients.forEach((name, hostPort) -> {
            if (controllers.contains(name)) {
                return;
            }
            String protocol = protocols.getOrDefault(name, PROTOCOLS.contains(name) ? name : "UNKNOWN");
            String[] bind = bound.getOrDefault(name, hostPort);
            String lower = name.toLowerCase(Locale.ROOT);
            List<String> mechanisms = protocol.startsWith("SASL_")
                    ? names(first(config, "listener.name." + lower + ".sasl.enabled.mechanisms", "sasl.enabled.mechanisms", "GSSAPI"))
                    : List.of();
            String clientAuth = protocol.equals("SSL") || protocol.equals("SASL_SSL")
                    ? first(config, "listener.name." + lower + ".ssl.client.auth", "ssl.client.auth", "none") : null;
            out.add(new Listener(brokerId, name, protocol, hostPort[0], Integer.parseInt(hostPort[1]),
                    !bind[0].isEmpty() && loopbackOnly.test(bind[0]), mechanisms, clientAuth));
        });
        return out;
    }

    /**
     * What the config leaves open, from the address the cluster gave for the broker: a listener
     * without a host is advertised under the broker's host name; one configured with port 0 binds
     * an ephemeral port its config does not show, which is the node's port when it is the listener
     * this client uses (the only client listener, or the one with the client's protocol).
     */
    static List<Listener> withClusterAddress(List<Listener> listeners, org.apache.kafka.common.Node node, String clientProtocol) {
        if (node == null) {
            return listeners;
        }
        String protocol = clientProtocol.trim().toUpperCase(Locale.ROOT);
        boolean one = listeners.size() == 1;
        return listeners.stream().map(l -> {
            boolean port = l.port() == 0 && (one || l.protocol().equals(protocol));
            return l.host().isEmpty() || port ? new Listener(l.brokerId(), l.name(), l.protocol(),
                    l.host().isEmpty() ? node.host() : l.host(), port ? node.port() : l.port(), l.loopbackOnly(),
                    l.saslMechanisms(), l.sslClientAuth()) : l;
        }).toList();
    }

    /** Listeners known only from the bootstrap servers and the client's own settings. */
    static List<Listener> fromBootstrap(String bootstrapServers, Map<String, String> client, Predicate<String> loopbackOnly) {
        String protocol = client.getOrDefault("security.protocol", "PLAINTEXT").trim().toUpperCase(Locale.ROOT);
        List<String> mechanisms = protocol.startsWith("SASL_") ? List.of(client.getOrDefault("sasl.mechanism", "GSSAPI").trim()) : List.of();
        List<Listener> out = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            String s = server.trim();
            int colon = s.lastIndexOf(':');
            if (s.isEmpty() || colon < 1) {
                continue;
            }
            String host = s.substring(0, colon).replace("[", "").replace("]", "");
            try {
                out.add(new Listener(-1, protocol, protocol, host, Integer.parseInt(s.substring(colon + 1)),
                        loopbackOnly.test(host), mechanisms, null));
            } catch (NumberFormatException notAPort) {
                // the client would have refused it already
            }
        }
        return out;
    }

    /** The listener's own setting, else the broker's, else Kafka's default; a value the broker hides counts as unset. */
    private static String first(Map<String, String> config, String specific, String general, String fallback) {
        String v = visible(config.get(specific));
        if (v == null) {
            v = visible(config.get(general));
        }
        return v == null ? fallback : v.trim();
    }

    private static String visible(String v) {
        return SecurityReading.HIDDEN.equals(v) ? null : blankToNull(v);
    }

    /** {@code NAME://host:port,...} as name to {host, port}, in order; a host in brackets loses them. */
    static Map<String, String[]> endpoints(String value) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String entry : names(value)) {
            int scheme = entry.indexOf("://");
            int colon = entry.lastIndexOf(':');
            if (scheme < 1 || colon <= scheme + 2) {
                continue;
            }
            String host = entry.substring(scheme + 3, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String port = entry.substring(colon + 1);
            if (port.matches("\\d{1,5}")) {
                out.put(entry.substring(0, scheme).toUpperCase(Locale.ROOT), new String[] {host, port});
            }
        }
        return out;
    }

    private static Map<String, String> protocolMap(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : names(blankToNull(value) == null ? DEFAULT_MAP : value)) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                out.put(pair.substring(0, colon).trim().toUpperCase(Locale.ROOT), pair.substring(colon + 1).trim().toUpperCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static List<String> names(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }
}
