package io.warden.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a {@link ProcessKafkaCluster} node needs before its first start: ports, properties, formatted storage. */
final class NodeSetup {

    private NodeSetup() {
    }

    /**
     * Properties of one node: {@link EmbeddedKafka}'s small-broker defaults, a short session so a
     * killed broker is fenced within seconds, the caller's overrides, and last what makes the node
     * part of this cluster at all, which is not overridable.
     */
    static Map<String, String> properties(KafkaNode node, int port, String voters, int brokers,
                                          Map<String, String> overrides) {
        Map<String, String> props = new HashMap<>(EmbeddedKafka.defaults(brokers));
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        // fewer threads, less memory; tests do not need the default parallelism
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.putAll(overrides);
        String listener = node.controller ? "CONTROLLER" : "PLAINTEXT";
        props.put("node.id", Integer.toString(node.id));
        props.put("process.roles", node.controller ? "controller" : "broker");
        props.put("listeners", listener + "://localhost:" + port);
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        // a static quorum of one: the storage needs no initial-controllers flag and nothing can reconfigure it
        props.put("controller.quorum.voters", voters);
        props.put("log.dirs", node.home.resolve("data").toString());
        if (!node.controller) {
            props.put("advertised.listeners", listener + "://localhost:" + port);
            props.put("inter.broker.listener.name", listener);
        }
        return props;
    }

    /** Kafka's own {@code kafka-storage.sh format}, run in this JVM: one JVM start less per node. */
    static void format(KafkaNode node, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", node.properties.toString()}, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException("formatting " + node.name() + " failed: " + e.getMessage()
                    + "\n" + output.toString(StandardCharsets.UTF_8), e);
        }
        if (rc != 0) {
            throw new IllegalStateException("formatting " + node.name() + " failed with " + rc + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** Binds them all at once so they differ, then frees them for Kafka to bind. */
    static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** This JVM's classpath: under Surefire it is the test classpath, which holds Kafka's server jars. */
    static String classpath() {
        return System.getProperty("java.class.path");
    }
}
