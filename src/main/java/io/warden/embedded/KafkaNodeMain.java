package io.warden.embedded;

import java.util.Arrays;

/**
 * Main class of a {@link ProcessKafkaCluster} node: {@code KafkaNodeMain OWNER_PID server.properties}
 * runs {@code kafka.Kafka server.properties} and halts as soon as the owner process is gone.
 *
 * <p>A shutdown hook in the owner cannot run when the owner itself is killed -9 (a test runner's
 * timeout, an operator's Ctrl-\), and a detached broker would then live on holding memory and
 * ports; the node watching its owner is what makes orphan JVMs impossible.
 */
public final class KafkaNodeMain {

    private KafkaNodeMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: KafkaNodeMain OWNER_PID server.properties");
        }
        long owner = Long.parseLong(args[0]);
        // halt, not exit: the owner is gone and so is the cluster's data; a clean shutdown has nobody to serve
        ProcessHandle.of(owner).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                () -> Runtime.getRuntime().halt(3));
        kafka.Kafka.main(Arrays.copyOfRange(args, 1, args.length));
    }
}
