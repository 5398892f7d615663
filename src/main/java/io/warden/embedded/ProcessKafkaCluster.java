package io.warden.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real KRaft Kafka cluster whose nodes are child JVMs: one controller and N brokers, so a broker
 * can be killed -9 and started again by a command that knows nothing of this JVM, as an operator's
 * "restart broker" command would. For crash and self-healing tests; {@link EmbeddedKafka} is the
 * faster choice when a clean stop is enough.
 *
 * <p>Each node lives in {@code dir/controller-3000} or {@code dir/broker-N} (properties, data,
 * {@code server.log}, {@code pid}); {@code dir/start-broker-N.sh} starts a broker again. Brokers
 * started by that script are tracked through their pid file, so {@link #isAlive}, {@link #kill}
 * and {@link #close} cover them too. Nodes halt by themselves when this JVM dies.
 */
public final class ProcessKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProcessKafkaCluster.class);
    static final int CONTROLLER_ID = 3000;
    /** Four JVMs starting at once on two cores take ~10 s; the margin is for a loaded CI machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final boolean ownsDir;
    private final KafkaNode controller;
    private final Map<Integer, KafkaNode> brokers;
    private final String bootstrap;
    private final BrokerReadiness readiness;
    private final Thread shutdownHook = new Thread(this::destroyAll, "process-kafka-cluster-cleanup");

    private ProcessKafkaCluster(Path dir, boolean ownsDir, KafkaNode controller, Map<Integer, KafkaNode> brokers,
                                String bootstrap) {
        this.dir = dir;
        this.ownsDir = ownsDir;
        this.controller = controller;
        this.brokers = brokers;
        this.bootstrap = bootstrap;
        this.readiness = new BrokerReadiness(bootstrap);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a controller and {@code brokers} brokers with the default settings. */
    public static ProcessKafkaCluster start(int brokers, Path dir) {
        return start(brokers, dir, Map.of());
    }

    /**
     * Formats storage, starts the controller and the brokers, and waits until every broker serves.
     *
     * @param dir       where nodes keep their files; created if missing. What the cluster creates in
     *                  it is deleted by {@link #close()}, and the directory too if it created that.
     * @param overrides properties that replace the defaults on every node
     */
    public static ProcessKafkaCluster start(int brokers, Path dir, Map<String, String> overrides) {
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, was " + brokers);
        }
        long started = System.nanoTime();
        boolean ownsDir = Files.notExists(dir);
        ProcessKafkaCluster cluster;
        try {
            Files.createDirectories(dir);
            List<Integer> ports = NodeSetup.freePorts(brokers + 1);
            String voters = CONTROLLER_ID + "@localhost:" + ports.get(0);
            KafkaNode controller = node(dir, CONTROLLER_ID, true, ports.get(0), voters, brokers, overrides);
            Map<Integer, KafkaNode> nodes = new TreeMap<>();
            for (int id = 0; id < brokers; id++) {
                nodes.put(id, node(dir, id, false, ports.get(id + 1), voters, brokers, overrides));
            }
            String bootstrap = String.join(",", ports.subList(1, ports.size()).stream().map(p -> "localhost:" + p).toList());
            cluster = new ProcessKafkaCluster(dir, ownsDir, controller, nodes, bootstrap);
        } catch (IOException e) {
            if (ownsDir) {
                deleteRecursively(dir);
            }
            throw new IllegalStateException("could not prepare Kafka nodes in " + dir + ": " + e.getMessage(), e);
        }
        try {
            String clusterId = Uuid.randomUuid().toString();
            for (KafkaNode node : cluster.nodes()) {
                NodeSetup.format(node, clusterId);
            }
            for (KafkaNode node : cluster.nodes()) {
                node.launch();
            }
            cluster.awaitServing(cluster.brokers.keySet(), cluster.nodes());
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("Kafka cluster in " + dir + " did not start: " + e.getMessage(), e);
        }
        log.info("event=kafka_cluster_started brokers={} bootstrap={} dir={} ms={}", brokers, cluster.bootstrap, dir,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return cluster;
    }

    private static KafkaNode node(Path dir, int id, boolean controller, int port, String voters, int brokers,
                                  Map<String, String> overrides) throws IOException {
        KafkaNode node = new KafkaNode(id, controller, dir);
        node.writeFiles(NodeSetup.properties(node, port, voters, brokers, overrides), NodeSetup.classpath());
        return node;
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    public List<Integer> brokerIds() {
        return List.copyOf(brokers.keySet());
    }

    public Path dir() {
        return dir;
    }

    public boolean isAlive(int brokerId) {
        return broker(brokerId).isAlive();
    }

    /** Every live process of the cluster, the controller's included. */
    public List<ProcessHandle> processes() {
        return nodes().stream().map(KafkaNode::process).flatMap(Optional::stream).toList();
    }

    /** SIGKILL: no controlled shutdown, no flush, as when a host dies. Returns once the process is gone. */
    public void kill(int brokerId) {
        KafkaNode broker = broker(brokerId);
        Optional<ProcessHandle> running = broker.process();
        broker.kill(KILL_TIMEOUT);
        log.info("event=kafka_broker_killed broker={} pid={}", brokerId,
                running.map(p -> Long.toString(p.pid())).orElse("none"));
    }

    /**
     * A command that starts the broker again in the background and returns once it is launched,
     * for whoever restarts brokers, e.g. Warden's healer: {@code /bin/sh DIR/start-broker-N.sh}.
     * The broker it starts must not be running already.
     */
    public List<String> startCommand(int brokerId) {
        return broker(brokerId).startCommand();
    }

    /** Runs {@link #startCommand} and waits until the broker serves again. */
    public void start(int brokerId) {
        KafkaNode broker = broker(brokerId);
        if (broker.isAlive()) {
            throw new IllegalStateException("broker " + brokerId + " is already running");
        }
        long started = System.nanoTime();
        try {
            Process script = new ProcessBuilder(broker.startCommand()).redirectErrorStream(true).start();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (script.waitFor() != 0) {
                throw new IllegalStateException("start command of broker " + brokerId + " failed: " + output
                        + "\nend of " + broker.logFile + ":\n" + broker.logTail(30));
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run start command of broker " + brokerId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting broker " + brokerId, e);
        }
        awaitServing(Set.of(brokerId), List.of(broker));
        log.info("event=kafka_broker_started broker={} pid={} ms={}", brokerId,
                broker.process().map(p -> Long.toString(p.pid())).orElse("none"),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Kills every node, however it was started, and deletes what the cluster wrote to {@link #dir()}. */
    @Override
    public void close() {
        long started = System.nanoTime();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or about to; killing twice is harmless
        }
        readiness.close();
        destroyAll(); // all at once, then wait for each: they die in parallel
        List<String> survivors = new ArrayList<>();
        for (KafkaNode node : nodes()) {
            try {
                node.kill(KILL_TIMEOUT);
            } catch (IllegalStateException e) {
                survivors.add(e.getMessage());
            }
        }
        for (KafkaNode node : nodes()) {
            deleteRecursively(node.home);
            deleteRecursively(node.script);
        }
        if (ownsDir) {
            deleteRecursively(dir);
        }
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("Kafka processes survived close: " + survivors);
        }
        log.info("event=kafka_cluster_closed dir={} ms={}", dir, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** SIGKILL to every node without waiting: all a shutdown hook has time for. */
    private void destroyAll() {
        nodes().forEach(node -> node.process().ifPresent(ProcessHandle::destroyForcibly));
    }

    private List<KafkaNode> nodes() {
        List<KafkaNode> all = new ArrayList<>(brokers.values());
        all.add(controller);
        return all;
    }

    private KafkaNode broker(int id) {
        KafkaNode broker = brokers.get(id);
        if (broker == null) {
            throw new IllegalArgumentException("no broker " + id + "; brokers are " + brokerIds());
        }
        return broker;
    }

    private void awaitServing(Set<Integer> ids, List<KafkaNode> watched) {
        Set<Integer> notServing = readiness.await(ids, watched, START_TIMEOUT);
        if (!notServing.isEmpty()) {
            StringBuilder message = new StringBuilder("brokers " + notServing + " not serving after " + START_TIMEOUT);
            notServing.forEach(id -> message.append("\nend of ").append(brokers.get(id).logFile).append(":\n")
                    .append(brokers.get(id).logTail(20)));
            message.append("\nend of ").append(controller.logFile).append(":\n").append(controller.logTail(20));
            throw new IllegalStateException(message.toString());
        }
    }

    private static void deleteRecursively(Path path) {
        if (Files.notExists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("event=kafka_cluster_cleanup_failed path={} error=\"{}\"", path, e.getMessage());
        }
    }
}
