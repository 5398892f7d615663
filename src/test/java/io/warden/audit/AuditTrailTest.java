package io.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class AuditTrailTest {

    private static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static AuditEvent event(int i) {
        return new AuditEvent(T0.plusSeconds(i), "finding.raised", "prod", "consumer-lag/group=g" + i,
                Map.of("severity", "warning", "lag", 10_000 + i));
    }

    @Test
    void everyFieldRoundTripsIncludingNestedEvidence() {
        Path file = dir.resolve("audit.jsonl");
        Map<String, Object> data = Map.of(
                "lag", 123_456_789_012L, "partitions", 3, "ratio", 0.25, "message", "lag of billing grew",
                "evidence", Map.of("topics", List.of("orders", "payments"), "byPartition", Map.of("orders-0", 42)),
                "flags", List.of(true, false));
        AuditEvent fired = new AuditEvent(T0, "alert.fired", "prod", "consumer-lag/group=billing", data);
        AuditEvent loaded = new AuditEvent(T0.plusMillis(1500), "config.loaded", null, "/etc/warden/warden.yaml", Map.of());
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(fired);
            trail.append(loaded);
            assertThat(trail.failures()).isZero();
        }

        AuditLog log = AuditReader.read(file, AuditReader.all());

        assertThat(log.events()).containsExactly(fired, loaded);
        assertThat(log.skippedLines()).isZero();
    }

    @Test
    void aLineHasTheDocumentedShape() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(new AuditEvent(Instant.parse("2026-01-31T12:00:00.123Z"), "notification.sent", "prod", "email",
                    Map.of("to", "ops@example.com", "alerts", 2)));
        }
        String text = Files.readString(file);

        assertThat(text).isEqualTo("{\"time\":\"2026-01-31T12:00:00.123Z\",\"type\":\"notification.sent\",\"cluster\":\"prod\","
                + "\"key\":\"email\",\"data\":{\"alerts\":2,\"to\":\"ops@example.com\"}}\n");
    }

    @Test
    void eachEventIsOnDiskBeforeAppendReturns() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(event(1));
            // a second reader, while the trail is still open
            assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactly(event(1));
            trail.append(event(2));
            assertThat(Files.readAllLines(file)).hasSize(2);
        }
    }

    @Test
    void aTornLastLineIsSkippedAndTheNextEventStartsOnItsOwnLine() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(event(1));
            trail.append(event(2));
        }
        // the crash: half of the third line reached the disk
        String third = new String(AuditJson.line(event(3)), StandardCharsets.UTF_8);
        Files.writeString(file, third.substring(0, third.length() / 2), StandardOpenOption.APPEND);

        AuditLog afterCrash = AuditReader.read(file, AuditReader.all());
        assertThat(afterCrash.events()).containsExactly(event(1), event(2));
        assertThat(afterCrash.skippedLines()).isEqualTo(1);

        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(event(4));
        }
        AuditLog afterRestart = AuditReader.read(file, AuditReader.all());
        assertThat(afterRestart.events()).containsExactly(event(1), event(2), event(4));
        assertThat(afterRestart.skippedLines()).isEqualTo(1);
    }

    @Test
    void aLineCutInsideAMultiByteCharacterOrFilledWithZerosIsSkipped() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        AuditEvent accented = new AuditEvent(T0, "finding.raised", "prod", "k", Map.of("message", "déjà vu ü"));
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(accented);
        }
        byte[] line = AuditJson.line(accented);
        int cut = new String(line, StandardCharsets.ISO_8859_1).indexOf('\u00c3') + 1; // after the first byte of é
        byte[] torn = java.util.Arrays.copyOf(line, cut);
        Files.write(file, torn, StandardOpenOption.APPEND);
        Files.write(file, new byte[] {'\n', 0, 0, 0, 0}, StandardOpenOption.APPEND); // what ext4 can leave after a crash
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(event(5));
        }

        AuditLog log = AuditReader.read(file, AuditReader.all());

        assertThat(log.events()).containsExactly(accented, event(5));
        assertThat(log.skippedLines()).isEqualTo(2);
    }

    @Test
    void rotatesBySizeKeepingAtMostKeepFilesAndReadsThemBackInOrder() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        int lineBytes = AuditJson.line(event(10)).length;
        try (AuditTrail trail = AuditTrail.open(file, 3L * lineBytes, 2)) {
            for (int i = 10; i < 40; i++) {
                trail.append(event(i));
            }
        }

        assertThat(dir.resolve("audit.jsonl.1")).exists();
        assertThat(dir.resolve("audit.jsonl.2")).exists();
        assertThat(dir.resolve("audit.jsonl.3")).doesNotExist();
        for (Path p : List.of(file, dir.resolve("audit.jsonl.1"), dir.resolve("audit.jsonl.2"))) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(3L * lineBytes);
        }
        List<AuditEvent> expected = new ArrayList<>();
        for (int i = 31; i < 40; i++) { // three files of three lines: the newest nine
            expected.add(event(i));
        }
        assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactlyElementsOf(expected);
    }

    @Test
    void keepFilesZeroKeepsOnlyTheLiveFile() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        int lineBytes = AuditJson.line(event(10)).length;
        try (AuditTrail trail = AuditTrail.open(file, 2L * lineBytes, 0)) {
            for (int i = 10; i < 15; i++) {
                trail.append(event(i));
            }
        }

        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactly(event(14));
    }

    @Test
    void whenRotationFailsTheLiveFileKeepsGrowingAndNoEventIsLost() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Path blocker = Files.createDirectories(dir.resolve("audit.jsonl.1").resolve("not-empty"));
        int lineBytes = AuditJson.line(event(10)).length;
        try (AuditTrail trail = AuditTrail.open(file, 2L * lineBytes, 1)) {
            for (int i = 10; i < 16; i++) {
                trail.append(event(i));
            }
            assertThat(trail.failures()).isZero();
        }
        assertThat(blocker).isDirectory();
        assertThat(AuditReader.read(file, AuditReader.all()).events()).hasSize(6);
    }

    @Test
    void aWriteFailureIsCountedLoggedOncePerStreakAndRetried() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Files.createDirectories(file); // a directory where the file should be: every open fails
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(AuditTrail.class);
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logs.start();
        logger.addAppender(logs);
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(event(1)); // does not throw
            trail.append(event(2));
            assertThat(trail.failures()).isEqualTo(2);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString()
                    .startsWith("event=audit-write-failed file=" + file.toAbsolutePath()).contains("error=");

            Files.delete(file);
            trail.append(event(3));
            assertThat(trail.failures()).isEqualTo(2);
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .last().asString().startsWith("event=audit-write-recovered");
        } finally {
            logger.detachAppender(logs);
            logger.setLevel(level);
        }
        assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactly(event(3));
    }

    @Test
    void secretsNeverReachTheFile() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        Map<String, Object> data = Map.of(
                "password", "hunter2",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"warden\" password=\"jaas-pass\";",
                "connection", Map.of("ssl.keystore.password", "store-pass", "bootstrap", "kafka1:9092"),
                "webhooks", List.of(Map.of("url", "https://hooks.example.com", "authToken", "tok-123")),
                "error", "SaslAuthenticationException: login failed for password=wrong-pass");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(new AuditEvent(T0, "config.loaded", "prod", "warden.yaml", data));
        }
        String text = Files.readString(file);

        assertThat(text).doesNotContain("hunter2", "jaas-pass", "store-pass", "tok-123", "wrong-pass")
                .contains("kafka1:9092", "https://hooks.example.com", "[hidden]", "SaslAuthenticationException");
    }

    @Test
    void concurrentAppendsWhileRotatingProduceOnlyWholeLinesAndLoseNothing() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        int threads = 8;
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        long failures;
        // ~1 MB in 64 KB files: the threads race through about fifteen rotations
        try (AuditTrail trail = AuditTrail.open(file, 64 * 1024, 100)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        trail.append(new AuditEvent(T0, "finding.raised", "prod", "t" + thread,
                                Map.of("i", i, "message", "x".repeat(500 + i))));
                    }
                    return null;
                });
            }
            start.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            failures = trail.failures();
        }

        assertThat(failures).isZero();
        assertThat(dir.resolve("audit.jsonl.10")).exists();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                for (String line : Files.readAllLines(p)) {
                    JsonNode node = JSON.readTree(line);
                    assertThat(node.path("data").path("message").asText()).hasSize(500 + node.path("data").path("i").asInt());
                }
            }
        }
        AuditLog log = AuditReader.read(file, AuditReader.all());
        assertThat(log.skippedLines()).isZero();
        assertThat(log.events()).hasSize(threads * perThread);
        for (int t = 0; t < threads; t++) {
            String key = "t" + t;
            assertThat(log.events().stream().filter(e -> e.key().equals(key)).map(e -> e.data().get("i")))
                    .as("the events of thread %s, in the order it appended them", key)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, perThread).boxed().toList());
        }
    }

    @Test
    void appendingAfterCloseOrToADisabledTrailNeverThrows() {
        Path file = dir.resolve("audit.jsonl");
        AuditTrail trail = AuditTrail.open(file, 1 << 20, 3);
        trail.append(event(1));
        trail.close();
        trail.append(event(2));
        assertThat(trail.failures()).isEqualTo(1);
        assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactly(event(1));

        AuditTrail disabled = AuditTrail.disabled();
        disabled.append(event(3));
        assertThat(disabled.failures()).isZero();
        assertThat(disabled.file()).isNull();
    }

    @Test
    void anEventJacksonCannotWriteIsCountedNotThrown() {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(new AuditEvent(null, "finding.raised", "prod", "k", Map.of()));
            trail.append(event(1));
            assertThat(trail.failures()).isEqualTo(1);
        }
        assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactly(event(1));
    }
}
