package io.warden.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft Kafka cluster in this JVM: one combined controller+broker node, or dedicated
 * controllers (the voters of the metadata quorum) with N brokers, each of which can be stopped. Listeners bind ephemeral
 * ports on localhost; data lives in a temp dir removed on {@link #close()}.
 *
 * <p>Settings keep a broker small (a few MB of cleaner buffer, small index files) so three of
 * them fit beside the tests on a 2-core machine, and make a one-broker cluster usable for
 * consumer groups (replication factor 1 for the internal topics, no initial rebalance delay).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;
    private final Path baseDir;
    private final Set<Integer> stopped = ConcurrentHashMap.newKeySet();

    private EmbeddedKafka(KafkaClusterTestKit cluster, Path baseDir) {
        this.cluster = cluster;
        this.baseDir = baseDir;
    }

    /** One combined controller+broker node: the fastest real cluster, for most tests. */
    public static EmbeddedKafka single() {
        return start(1, Map.of());
    }

    /**
     * Starts a cluster and waits until every broker is ready.
     *
     * @param brokers   1 gives a combined node; more gives a dedicated controller plus this many brokers
     * @param overrides broker properties that replace the defaults
     */
    public static EmbeddedKafka start(int brokers, Map<String, String> overrides) {
        return start(1, brokers, overrides);
    }

    /**
     * Starts a cluster with this many KRaft voters and waits until every broker is ready.
     *
     * @param controllers voters of the metadata quorum; 1 with 1 broker gives a combined node, anything
     *                    else dedicated controllers
     */
    public static EmbeddedKafka start(int controllers, int brokers, Map<String, String> overrides) {
        if (brokers < 1 || controllers < 1) {
            throw new IllegalArgumentException("controllers and brokers must be at least 1, were " + controllers + ", " + brokers);
        }
        Path baseDir = null;
        KafkaClusterTestKit cluster = null;
        try {
            baseDir = Files.createTempDirectory("warden-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(brokers == 1 && controllers == 1)
                    .setNumControllerNodes(controllers)
                    .setNumBrokerNodes(brokers)
                    .setBaseDirectory(baseDir)
                    .setBootstrapMetadata(productionFeatures())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            defaults(brokers).forEach(builder::setConfigProp);
            overrides.forEach(builder::setConfigProp);
            cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster, baseDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(cluster);
            throw new IllegalStateException("interrupted while starting embedded Kafka", e);
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("embedded Kafka did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The feature levels {@code kafka-storage format} gives a new cluster of this release (the test
     * kit alone leaves group.version, share.version and streams.version off), so consumer, share
     * and streams groups work as they do on a real cluster.
     */
    static BootstrapMetadata productionFeatures() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> levels = new HashMap<>();
        for (Feature f : Feature.PRODUCTION_FEATURES) {
            if (f != Feature.KRAFT_VERSION) { // set by the quorum's own bootstrap, not here
                levels.put(f.featureName(), f.defaultLevel(version));
            }
        }
        return BootstrapMetadata.fromVersions(version, levels, "warden embedded kafka");
    }

    static Map<String, String> defaults(int brokers) {
        String rf = Integer.toString(Math.min(brokers, 3));
        Map<String, String> props = new HashMap<>();
        props.put("offsets.topic.replication.factor", rf);
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", rf);
        props.put("transaction.state.log.min.isr", "1");
        // share groups keep their state in __share_group_state: without these no share consumer gets a record
        props.put("share.coordinator.state.topic.replication.factor", rf);
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", rf);
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(4 * 1024 * 1024));
        props.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
        props.put("auto.create.topics.enable", "false");
        // a stopped broker should drop out of the cluster quickly so failure tests run fast
        props.put("broker.session.timeout.ms", "6000");
        props.put("broker.heartbeat.interval.ms", "500");
        return props;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public List<Integer> brokerIds() {
        return List.copyOf(cluster.brokers().keySet());
    }

    public Path dataDir() {
        return baseDir;
    }

    /** Shuts a broker down cleanly and waits until it is gone; it keeps its data and port. */
    public void stopBroker(int id) {
        var broker = broker(id);
        broker.shutdown();
        broker.awaitShutdown();
        stopped.add(id);
    }

    /** Starts a broker stopped by {@link #stopBroker(int)} again. */
    public void startBroker(int id) {
        broker(id).startup();
        stopped.remove(id);
    }

    /** Node ids of the controllers (the quorum's voters); the combined node's id for a single node. */
    public List<Integer> controllerIds() {
        return List.copyOf(cluster.controllers().keySet());
    }

    /** Shuts a controller down cleanly and waits until it is gone: the quorum loses one voter. */
    public void stopController(int id) {
        var controller = cluster.controllers().get(id);
        if (controller == null) {
            throw new IllegalArgumentException("no controller " + id + "; controllers are " + controllerIds());
        }
        controller.shutdown();
        controller.awaitShutdown();
    }

    public boolean isRunning(int id) {
        return cluster.brokers().containsKey(id) && !stopped.contains(id);
    }

    private kafka.server.BrokerServer broker(int id) {
        return broker(cluster, id);
    }

    static kafka.server.BrokerServer broker(KafkaClusterTestKit cluster, int id) {
        var broker = cluster.brokers().get(id);
        if (broker == null) {
            throw new IllegalArgumentException("no broker " + id + "; brokers are " + cluster.brokers().keySet());
        }
        return broker;
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded Kafka did not shut down cleanly: " + e.getMessage(), e);
        }
    }

    /**
     * Kafka's formatter prints its bootstrap records to stdout, which belongs to Warden's output.
     * One at a time: two clusters formatting at once would each keep the other's silenced stream as
     * the one to restore, and stdout would stay silenced for good.
     */
    static synchronized void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    static void closeQuietly(KafkaClusterTestKit cluster) {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // already failing: the start error is the one worth reporting
            }
        }
    }
}
