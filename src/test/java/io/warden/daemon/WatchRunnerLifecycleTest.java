package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import io.warden.audit.AuditReader;
import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's lifecycle without a broker: building it starts no thread, {@link WatchRunner#start()}
 * starts them, a taken HTTP port stops the start before any cluster is watched, and close says
 * whether everything stopped in time.
 */
class WatchRunnerLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void buildingStartsNoThreadStartStartsThemAndCloseStopsThemInTime() throws Exception {
        Set<String> before = wardenThreads();
        Set<Thread> clientThreads = clientThreads();
        try (var runner = new WatchRunner(config(0), new PrintWriter(new StringWriter(), true), Clock.systemUTC())) {
            assertThat(wardenThreads()).isSubsetOf(before);
            assertThat(clientThreads()).as("Kafka's and Connect's client threads").isSubsetOf(clientThreads);
            assertThat(runner.httpPort()).isEqualTo(-1);
            assertThat(AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type("config.loaded")).events()).isEmpty();

            runner.start();

            assertThat(runner.httpPort()).isPositive();
            assertThat(wardenThreads()).anyMatch(t -> t.equals("warden-watch-c"));
            assertThat(clientThreads()).as("client threads started by start()").anyMatch(t -> !clientThreads.contains(t));
            assertThat(AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type("config.loaded")).events()).hasSize(1);
            assertThat(runner.close(Duration.ofSeconds(10))).isTrue(); // the cycle against a closed port ends within its 1 s timeout
        }
        assertThat(AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type("watch.stopped")).events()).hasSize(1);
    }

    @Test
    void aFleetInstanceMakesNoClientBeforeItStarts() throws Exception {
        Set<Thread> clientThreads = clientThreads();
        Path yaml = Files.writeString(dir.resolve("fleet.yaml"), """
                clusters:
                  - {name: east, bootstrap-servers: "127.0.0.1:1"}
                  - {name: west, bootstrap-servers: "127.0.0.1:2"}
                watch: {interval: 500ms, timeout: 1s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                http: {port: -1}
                ha: {group: g, home: {bootstrap-servers: "127.0.0.1:3"}}
                """.formatted(dir.resolve("silences.json"), dir.resolve("audit.jsonl")));
        try (var runner = new WatchRunner(new ConfigLoader(Map.<String, String>of()::get).load(yaml),
                new PrintWriter(new StringWriter(), true), Clock.systemUTC())) {
            assertThat(clientThreads()).as("Kafka's client threads").isSubsetOf(clientThreads);
        }
    }

    @Test
    void aTakenPortStopsTheStartBeforeAnyClusterIsWatched() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             var runner = new WatchRunner(config(taken.getLocalPort()), new PrintWriter(new StringWriter(), true),
                     Clock.systemUTC())) {
            assertThatThrownBy(runner::start).isInstanceOf(WardenException.class)
                    .hasMessageContaining("cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort())
                    .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(69));
            assertThat(wardenThreads()).noneMatch(t -> t.equals("warden-watch-c"));
        }
    }

    /**
     * Kafka's Admin network threads and the JDK HTTP client's selector threads (a Connect client's),
     * as threads, not a count: another test's clients may end meanwhile, which a count would mistake.
     */
    private static Set<Thread> clientThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("kafka-admin-client-thread") || t.getName().matches("HttpClient-\\d+-SelectorManager"))
                .collect(Collectors.toSet());
    }

    private static Set<String> wardenThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("warden-")).collect(Collectors.toSet());
    }

    private WardenConfig config(int httpPort) throws IOException {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster: {name: c, bootstrap-servers: "127.0.0.1:1", connect: {urls: ["http://127.0.0.1:1"]}}
                watch: {interval: 500ms, timeout: 1s}
                alerts: {silences-file: %s}
                audit: {file: %s}
                http: {host: 127.0.0.1, port: %d}
                """.formatted(dir.resolve("silences.json"), dir.resolve("audit.jsonl"), httpPort));
        return new ConfigLoader(Map.<String, String>of()::get).load(yaml);
    }
}
