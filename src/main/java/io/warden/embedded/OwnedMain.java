package io.warden.embedded;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Main class of a child JVM that must not outlive the process that started it:
 * {@code OwnedMain OWNER_PID MAIN_CLASS [ARGS...]} runs {@code MAIN_CLASS.main(ARGS)} and halts as soon
 * as the owner process is gone. A {@link ProcessKafkaCluster} node runs {@code kafka.Kafka} this way,
 * a test's Warden process {@code io.warden.cli.Main}.
 *
 * <p>A shutdown hook in the owner cannot run when the owner itself is killed -9 (a test runner's
 * timeout, an operator's Ctrl-\), and a detached child would then live on holding memory and
 * ports; the child watching its owner is what makes orphan JVMs impossible.
 */
public final class OwnedMain {

    private OwnedMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: OwnedMain OWNER_PID MAIN_CLASS [ARGS...]");
        }
        long owner = Long.parseLong(args[0]);
        // halt, not exit: whoever the child served is gone; a clean shutdown has nobody to serve
        ProcessHandle.of(owner).ifPresentOrElse(
                handle -> handle.onExit().thenRun(() -> Runtime.getRuntime().halt(3)),
                () -> Runtime.getRuntime().halt(3));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
