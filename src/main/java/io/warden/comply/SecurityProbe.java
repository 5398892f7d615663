package io.warden.comply;

import io.warden.config.WardenConfig;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Reads a cluster's transport security: the brokers' listeners from their configs (one
 * describeConfigs for all brokers; the bootstrap servers and the client's security.protocol when
 * the configs cannot be read), then the certificate chain of every TLS listener and of every
 * configured HTTPS service URL, read in parallel, each bounded by the timeout. Never throws: what
 * cannot be read is recorded with the reason.
 */
public final class SecurityProbe {

    /** An HTTPS URL of a service beside the cluster, and what it is (connect, schema-registry). */
    public record ServiceUrl(String source, String url) {
    }

    private static final int PARALLEL_READS = 8;

    /** The Connect and Schema Registry URLs of a configured cluster; only HTTPS ones are read. */
    public static List<ServiceUrl> services(WardenConfig.ClusterConfig cluster) {
        List<ServiceUrl> out = new ArrayList<>();
        if (cluster.connect() != null) {
            cluster.connect().urls().forEach(u -> out.add(new ServiceUrl("connect", u)));
        }
        if (cluster.schemaRegistry() != null) {
            cluster.schemaRegistry().urls().forEach(u -> out.add(new ServiceUrl("schema-registry", u)));
        }
        return out;
    }

    private final Admin admin;
    private final ConnectionSettings connection;
    private final List<ServiceUrl> services;
    private final TlsChainReader reader;
    private final Clock clock;

    public SecurityProbe(Admin admin, ConnectionSettings connection, List<ServiceUrl> services, Clock clock) {
        this.admin = admin;
        this.connection = connection;
        this.services = List.copyOf(services);
        this.reader = new TlsChainReader(connection.timeout());
        this.clock = clock;
    }

    public SecurityReading read() {
        Instant start = clock.instant();
        Map<Integer, Map<String, String>> configs = new TreeMap<>();
        Map<Integer, Node> nodes = new TreeMap<>();
        String error = brokerConfigs(configs, nodes);
        List<Listener> listeners = new ArrayList<>();
        configs.forEach((id, config) -> listeners.addAll(
                Listeners.withClusterAddress(Listeners.of(id, config, SecurityProbe::loopbackOnly), nodes.get(id),
                        connection.clientProperties().getOrDefault("security.protocol", "PLAINTEXT"))));
        boolean fromConfigs = !listeners.isEmpty();
        if (!fromConfigs) {
            listeners.addAll(Listeners.fromBootstrap(connection.bootstrapServers(), connection.clientProperties(),
                    SecurityProbe::loopbackOnly));
            if (error == null) {
                error = "the brokers' configs name no client listener";
            }
        }
        return new SecurityReading(start, listeners, fromConfigs, error, configs, endpoints(listeners));
    }

    /** Fills {@code out} with each answering broker's security settings; the first failure, or null. */
    private String brokerConfigs(Map<Integer, Map<String, String>> out, Map<Integer, Node> nodesById) {
        int ms = connection.timeoutMillis();
        try {
            Collection<Node> nodes = Futures.get(admin.describeCluster(new DescribeClusterOptions().timeoutMs(ms)).nodes(),
                    connection.timeout());
            nodes.forEach(n -> nodesById.put(n.id(), n));
            List<ConfigResource> resources = nodes.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(n.id()))).toList();
            var futures = admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(ms)).values();
            String error = null;
            for (var e : futures.entrySet()) {
                try {
                    Config config = Futures.get(e.getValue(), connection.timeout());
                    Map<String, String> kept = new TreeMap<>();
                    config.entries().forEach(c -> {
                        if (Listeners.relevant(c.name()) && c.value() != null) {
                            kept.put(c.name(), c.value());
                        } else if (Listeners.relevant(c.name()) && c.source() != ConfigEntry.ConfigSource.DEFAULT_CONFIG) {
                            kept.put(c.name(), SecurityReading.HIDDEN);
                        }
                    });
                    out.put(Integer.parseInt(e.getKey().name()), kept);
                } catch (RuntimeException failed) {
                    error = error != null ? error : "broker " + e.getKey().name() + ": " + describe(failed);
                }
            }
            return error;
        } catch (RuntimeException e) {
            return describe(e);
        }
    }

    /** A refusal as the ACL that allows reading the brokers' settings; any other error as it is. */
    private String describe(RuntimeException e) {
        return io.warden.kafka.AccessAdvice.of(connection).describeFailure("reading the brokers' listener and security settings",
                org.apache.kafka.common.acl.AclOperation.DESCRIBE_CONFIGS, org.apache.kafka.common.resource.ResourceType.CLUSTER,
                "kafka-cluster", e);
    }

    private List<TlsEndpoint> endpoints(List<Listener> listeners) {
        Map<String, String[]> targets = new LinkedHashMap<>(); // address -> host, port, source
        List<TlsEndpoint> out = new ArrayList<>();
        for (Listener l : listeners) {
            if (l.tls() && l.port() == 0 && out.stream().noneMatch(e -> e.address().equals(l.address()))) {
                out.add(new TlsEndpoint(l.host(), 0, l.label(), List.of(), "configured with port 0: the port it bound "
                        + "is not visible from another listener"));
            } else if (l.tls() && l.port() != 0) {
                targets.putIfAbsent(l.address(), new String[] {l.host(), Integer.toString(l.port()), l.label()});
            }
        }
        for (ServiceUrl s : services) {
            URI uri = https(s.url());
            if (uri != null) {
                int port = uri.getPort() < 0 ? 443 : uri.getPort();
                String host = uri.getHost().replace("[", "").replace("]", "");
                targets.putIfAbsent(new TlsEndpoint(host, port, "", List.of(), null).address(),
                        new String[] {host, Integer.toString(port), s.source()});
            }
        }
        if (targets.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL_READS, targets.size()), r -> {
            Thread t = new Thread(r, "warden-tls-reader");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<TlsEndpoint>> reads = targets.values().stream()
                    .map(t -> pool.submit(() -> reader.read(t[0], Integer.parseInt(t[1]), t[2]))).toList();
            for (Future<TlsEndpoint> read : reads) {
                out.add(read.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return out;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("reading a certificate failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static URI https(String url) {
        try {
            URI uri = URI.create(url.trim());
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Whether every address of a bind host is a loopback address; unresolvable counts as reachable. */
    static boolean loopbackOnly(String host) {
        if (host.isEmpty()) {
            return false;
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
