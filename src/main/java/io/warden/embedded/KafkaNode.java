package io.warden.embedded;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One node of a {@link ProcessKafkaCluster} on disk and as a process: its home directory
 * ({@code server.properties}, {@code jvm.args}, {@code data/}, {@code server.log}, {@code pid}), the
 * script that starts it detached, and the process currently running it, however it was started.
 */
final class KafkaNode {

    /**
     * Small and quick to start: a heap that starts small and grows, one GC thread, C1 only (a
     * test broker never runs long enough to repay C2's compile time and memory).
     */
    static final List<String> JVM_OPTIONS = List.of(
            "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            // a broker that ran out of heap is half alive; dead is the honest state for a crash test
            "-XX:+ExitOnOutOfMemoryError",
            // the child logs through Warden's LogSetup to stderr, which goes to server.log; INFO makes it useful
            "-Dwarden.kafka.log.level=INFO");

    final int id;
    final boolean controller;
    final Path home;
    final Path properties;
    final Path logFile;
    final Path script;
    private final Path argsFile;
    private final Path pidFile;
    private volatile ProcessHandle process;

    /** A node whose files are {@code clusterDir/NAME/} and {@code clusterDir/start-NAME.sh}. */
    KafkaNode(int id, boolean controller, Path clusterDir) {
        this.id = id;
        this.controller = controller;
        this.home = clusterDir.resolve(name());
        this.script = clusterDir.resolve("start-" + name() + ".sh");
        this.properties = home.resolve("server.properties");
        this.argsFile = home.resolve("jvm.args");
        this.logFile = home.resolve("server.log");
        this.pidFile = home.resolve("pid");
    }

    String name() {
        return (controller ? "controller-" : "broker-") + id;
    }

    /** Writes the node's files; the JVM reads its options from an argument file so the script stays short. */
    void writeFiles(Map<String, String> props, String classpath) throws IOException {
        Files.createDirectories(home.resolve("data"));
        Files.writeString(properties, props.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
        List<String> args = new ArrayList<>(JVM_OPTIONS);
        args.addAll(List.of("-cp", classpath, OwnedMain.class.getName(),
                Long.toString(ProcessHandle.current().pid()), "kafka.Kafka", properties.toString()));
        Files.writeString(argsFile, args.stream().map(KafkaNode::quote).collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(script, startScript(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * The script a restart command runs: it starts the JVM in a session of its own (so neither the
     * caller's terminal nor its process group takes the broker down), appends to the node's log and
     * returns once the JVM's pid is in the pid file, which is how the cluster finds it.
     */
    private String startScript() {
        return String.join("\n",
                "#!/bin/sh",
                "# Starts Kafka " + name() + " in the background; written by io.warden.embedded.ProcessKafkaCluster.",
                "JAVA=" + shellQuote(javaExecutable()),
                "ARGS=" + shellQuote(argsFile.toString()),
                "PID=" + shellQuote(pidFile.toString()),
                "LOG=" + shellQuote(logFile.toString()),
                "DETACH=nohup; command -v setsid >/dev/null 2>&1 && DETACH=setsid",
                "rm -f \"$PID\"",
                // the inner shell writes its own pid and then becomes the JVM, so the pid is the JVM's
                "$DETACH sh -c 'echo $$ > \"$1.tmp\" && mv \"$1.tmp\" \"$1\" && exec \"$2\" \"@$3\"' sh"
                        + " \"$PID\" \"$JAVA\" \"$ARGS\" >> \"$LOG\" 2>&1 < /dev/null &",
                "i=0",
                "while [ ! -s \"$PID\" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done",
                "[ -s \"$PID\" ] || { echo \"" + name() + " did not start, see $LOG\" >&2; exit 1; }",
                "");
    }

    /** Starts the node as a child of this JVM. */
    void launch() throws IOException {
        Process child = new ProcessBuilder(javaExecutable(), "@" + argsFile)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        process = child.toHandle();
        Path tmp = home.resolve("pid.tmp");
        Files.writeString(tmp, child.pid() + "\n");
        Files.move(tmp, pidFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    List<String> startCommand() {
        return List.of("/bin/sh", script.toString());
    }

    /** The live process running this node, adopting one that the start script launched. */
    synchronized Optional<ProcessHandle> process() {
        ProcessHandle known = process;
        if (known != null && running(known)) {
            return Optional.of(known);
        }
        Optional<ProcessHandle> started = fromPidFile();
        started.ifPresent(h -> process = h);
        return started;
    }

    private Optional<ProcessHandle> fromPidFile() {
        try {
            Instant written = Files.getLastModifiedTime(pidFile).toInstant();
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            // a pid the kernel handed to a newer process since is not ours; /proc's start time is
            // only as exact as the boot time (seconds), hence the slack
            return ProcessHandle.of(pid).filter(KafkaNode::running).filter(h -> h.info().startInstant()
                    .map(start -> !start.isAfter(written.plusSeconds(2))).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // no pid file yet, or the script is writing it
        }
    }

    boolean isAlive() {
        return process().isPresent();
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill(Duration timeout) {
        Optional<ProcessHandle> running = process();
        if (running.isEmpty()) {
            return;
        }
        ProcessHandle handle = running.get();
        handle.destroyForcibly();
        // polled rather than onExit(): for a process this JVM did not start, onExit polls every 300+ ms
        RetryPolicy<Boolean> untilGone = RetryPolicy.<Boolean>builder().handleResult(false)
                .withDelay(Duration.ofMillis(20)).withMaxRetries(-1).withMaxDuration(timeout).build();
        boolean gone;
        try {
            gone = Failsafe.with(untilGone).get(() -> !running(handle));
        } catch (FailsafeException e) {
            if (e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("waiting for " + name() + " to die failed: " + e.getCause(), e);
        }
        if (!gone) {
            throw new IllegalStateException(name() + " pid=" + handle.pid() + " still alive " + timeout + " after SIGKILL");
        }
    }

    /**
     * Alive and not a zombie. A broker started by the script is orphaned, and until init reaps it
     * (which some container inits do only every second or so) it is a zombie: dead, its ports and
     * log dir lock released, yet alive to {@link ProcessHandle#isAlive()}.
     */
    private static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException noProcFs) {
            return handle.isAlive();
        }
    }

    /** The last lines of the node's log, for an error message that says why the node failed. */
    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no readable log at " + logFile + ": " + e + ")";
        }
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Java argument files take double-quoted tokens with backslash escapes. */
    private static String quote(String arg) {
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
