package io.warden.daemon.fleet;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.OwnedMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code warden watch --config FILE} as a child JVM, as an operator runs it on a host of its own:
 * killed -9 (the host dies), stopped and continued (a long GC pause, a frozen VM), asked for
 * {@code /health}. Its stdout and stderr go to {@code NAME.out} and {@code NAME.err} in the log
 * directory; its HTTP port is the one it picked and printed.
 *
 * <p>No child outlives the test: {@link #close()} kills it, a shutdown hook kills every one still
 * running when the test JVM exits, and {@link OwnedMain} halts a child whose test JVM was killed -9.
 */
final class WardenProcess implements AutoCloseable {

    /**
     * A small heap and C1 only: the fleet runs three of these beside five brokers on two cores, and a
     * test's daemon never runs long enough to repay C2's compile time.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-XX:+ExitOnOutOfMemoryError");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** Longer than a busy machine takes to answer, shorter than a test's patience with a frozen process. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration GONE_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern LISTENING = Pattern.compile("metrics on https?://[^:/\\s]+:(\\d+)/");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly), "warden-processes-cleanup"));
    }

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;
    private final Instant launched;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final ObjectMapper json = new ObjectMapper();
    private volatile int port = -1;
    private volatile Duration startup;

    private WardenProcess(String name, Process process, Path out, Path err, Instant launched) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
        this.launched = launched;
    }

    /** Launches {@code warden watch --config CONFIG --http-port 0}; returns at once (see {@link #awaitListening()}). */
    static WardenProcess start(String name, Path config, Path logDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), OwnedMain.class.getName(),
                Long.toString(ProcessHandle.current().pid()), "io.warden.cli.Main",
                "watch", "--config", config.toString(), "--http-port", "0"));
        try {
            Files.createDirectories(logDir);
            Path out = logDir.resolve(name + ".out");
            Path err = logDir.resolve(name + ".err");
            Instant launched = Clock.systemUTC().instant();
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            RUNNING.add(process);
            return new WardenProcess(name, process, out, err, launched);
        } catch (IOException e) {
            throw new UncheckedIOException("could not launch Warden " + name + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Instant launched() {
        return launched;
    }

    /** From launch to the line saying where it serves HTTP (to within the 100 ms it is polled at); null before. */
    Duration startup() {
        return startup;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until the process printed the port it serves /health on, and returns it. */
    int awaitListening() {
        if (port < 0) {
            await("Warden " + name + " serving HTTP").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("Warden " + name + " exited with " + process.exitValue() + ": " + errors());
                }
                Matcher m = LISTENING.matcher(output());
                if (m.find()) {
                    startup = Duration.between(launched, Clock.systemUTC().instant());
                    port = Integer.parseInt(m.group(1));
                }
                return port > 0;
            });
        }
        return port;
    }

    /** SIGKILL, as when the host dies: no shutdown hook, no last notification. Returns when it was sent. */
    Instant kill9() {
        Instant at = Clock.systemUTC().instant();
        process.destroyForcibly();
        awaitGone();
        return at;
    }

    /** SIGSTOP: the process is frozen (a stop-the-world pause, a suspended VM) and answers nothing. Returns when it was sent. */
    Instant pause() {
        Instant at = Clock.systemUTC().instant();
        signal("STOP");
        await("Warden " + name + " stopped").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> state() == 'T');
        return at;
    }

    /** SIGCONT: the frozen process runs again from where it stood. Returns when it was sent. */
    Instant resume() {
        Instant at = Clock.systemUTC().instant();
        signal("CONT");
        return at;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid() + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + name, e);
        }
    }

    /** The process state letter from /proc (R, S, T for stopped, Z), or '?' when it is gone. */
    private char state() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException gone) {
            return '?';
        }
    }

    /** The {@code /health} report, whatever its status code; fails when the process does not answer within two seconds. */
    JsonNode health() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + awaitListening() + "/health"))
                .timeout(HEALTH_TIMEOUT).build();
        try {
            return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException("Warden " + name + " did not answer /health: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + name + " for /health", e);
        }
    }

    /** Whether {@code /health} answers within two seconds. */
    boolean answers() {
        try {
            health();
            return true;
        } catch (UncheckedIOException silent) {
            return false;
        }
    }

    /**
     * When this process last finished a cycle of {@code cluster}, as its {@code /health} says; empty
     * if it never did, or if it does not answer.
     */
    Optional<Instant> lastCycle(String cluster) {
        JsonNode report;
        try {
            report = health();
        } catch (UncheckedIOException silent) {
            return Optional.empty();
        }
        JsonNode last = report.path("clusters").path(cluster).path("lastCycle");
        return last.isTextual() ? Optional.of(Instant.parse(last.asText())) : Optional.empty();
    }

    String output() {
        return read(out);
    }

    String errors() {
        return read(err);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")";
        }
    }

    private void awaitGone() {
        try {
            if (!process.waitFor(GONE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Warden " + name + " pid=" + pid() + " still alive " + GONE_TIMEOUT + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name + " to die", e);
        }
        RUNNING.remove(process);
    }

    /** Kills the process (SIGKILL reaches a stopped process too) and waits until it is gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        awaitGone();
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + ")";
    }
}
