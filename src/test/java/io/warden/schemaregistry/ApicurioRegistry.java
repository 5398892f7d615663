package io.warden.schemaregistry;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Apicurio Registry (in-memory storage) in a child JVM on a free port, serving the Confluent
 * Schema Registry API under {@link #url()}. The app is built from Maven Central by the pom's
 * schema-registry profile (src/test/schema-registry). Each instance starts empty.
 */
public final class ApicurioRegistry implements AutoCloseable {

    static final Path RUNNER = Path.of("target", "schema-registry", "schema-registry", "target", "schema-registry-1-runner.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://127\\.0\\.0\\.1:\\d+)");

    private final Process process;
    private final Path log;
    private final String base;

    private ApicurioRegistry(Process process, Path log, String base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** Starts in the background, so a test can start its broker meanwhile: a start takes about 5 s. */
    public static CompletableFuture<ApicurioRegistry> startAsync() {
        return CompletableFuture.supplyAsync(ApicurioRegistry::start);
    }

    public static ApicurioRegistry start() {
        if (!Files.exists(RUNNER)) {
            throw new IllegalStateException(RUNNER.toAbsolutePath() + " is missing: build it with 'mvn test-compile' "
                    + "(the pom's schema-registry profile builds src/test/schema-registry when it is absent)");
        }
        try {
            Path log = Files.createTempFile(Path.of("target"), "apicurio-", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0", "-jar", RUNNER.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                String base = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                        .failFast("the registry exited", () -> !p.isAlive())
                        .until(() -> listening(log), s -> s != null);
                return new ApicurioRegistry(p, log, base);
            } catch (ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
                p.destroyForcibly();
                throw new IllegalStateException("Apicurio Registry did not start; its log " + log + " ends with:\n"
                        + tail(log), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String listening(Path log) throws IOException {
        Matcher m = LISTENING.matcher(Files.readString(log));
        return m.find() ? m.group(1) : null;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** The Confluent-compatible API's base URL, as Warden's --schema-registry-url takes it. */
    public String url() {
        return base + "/apis/ccompat/v7";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
