package io.warden.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReaderTest {

    private static final Instant T0 = Instant.parse("2026-01-31T12:00:00Z");

    @TempDir
    Path dir;

    private static AuditEvent at(int minute, String type, String key) {
        return new AuditEvent(T0.plusSeconds(60L * minute), type, "prod", key, Map.of("minute", minute));
    }

    private final AuditEvent raised = at(0, "finding.raised", "consumer-lag/group=billing");
    private final AuditEvent fired = at(5, "alert.fired", "consumer-lag/group=billing");
    private final AuditEvent sent = at(6, "notification.sent", "email");
    private final AuditEvent resolved = at(30, "alert.resolved", "consumer-lag/group=Billing");
    private final AuditEvent alerting = at(31, "alerting.custom", "disk-usage/broker=1");

    private Path write(AuditEvent... events) {
        Path file = dir.resolve("audit.jsonl");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            for (AuditEvent e : events) {
                trail.append(e);
            }
        }
        return file;
    }

    @Test
    void aMissingTrailReadsAsEmpty() {
        AuditLog log = AuditReader.read(dir.resolve("nothing-here.jsonl"), AuditReader.all());

        assertThat(log.events()).isEmpty();
        assertThat(log.skippedLines()).isZero();
    }

    @Test
    void sinceKeepsEventsAtOrAfterTheInstant() {
        Path file = write(raised, fired, sent, resolved);

        assertThat(AuditReader.read(file, AuditReader.since(T0.plusSeconds(300))).events())
                .containsExactly(fired, sent, resolved);
    }

    @Test
    void aTypeMatchesItselfAndItsSubtypesOnly() {
        Path file = write(raised, fired, sent, resolved, alerting);

        assertThat(AuditReader.read(file, AuditReader.type("alert")).events()).containsExactly(fired, resolved);
        assertThat(AuditReader.read(file, AuditReader.type("alert.fired", "notification")).events())
                .containsExactly(fired, sent);
        assertThat(AuditReader.read(file, AuditReader.type()).events()).hasSize(5);
    }

    @Test
    void keyMatchesASubstringIgnoringCase() {
        Path file = write(raised, fired, sent, resolved, alerting);

        assertThat(AuditReader.read(file, AuditReader.key("group=billing")).events())
                .containsExactly(raised, fired, resolved);
        assertThat(AuditReader.read(file, AuditReader.key("group=billing").and(AuditReader.type("alert"))).events())
                .containsExactly(fired, resolved);
    }

    @Test
    void garbageAndIncompleteEventsAreSkippedAndCounted() throws IOException {
        Path file = write(raised);
        Files.writeString(file, String.join("\n",
                "not json at all",
                "[1, 2, 3]",
                "{\"type\":\"alert.fired\"}", // no time
                "{\"time\":\"yesterday\",\"type\":\"alert.fired\"}",
                "{\"time\":\"2026-01-31T12:00:00Z\",\"type\":\"a\"} {\"time\":\"2026-01-31T12:00:00Z\",\"type\":\"b\"}",
                "",
                "") , java.nio.file.StandardOpenOption.APPEND);

        AuditLog log = AuditReader.read(file, AuditReader.all());

        assertThat(log.events()).containsExactly(raised);
        assertThat(log.skippedLines()).isEqualTo(5);
    }

    @Test
    void rotatedFilesAreReadOldestFirstAndEventsComeInTimeOrder() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        // written by hand: .2 is the oldest file; within the live file one event came in late
        Files.write(dir.resolve("audit.jsonl.2"), AuditJson.line(raised));
        Files.write(dir.resolve("audit.jsonl.1"), AuditJson.line(fired));
        Files.write(file, concat(AuditJson.line(resolved), AuditJson.line(sent)));
        Files.write(dir.resolve("audit.jsonl.backup"), AuditJson.line(alerting)); // not part of the trail

        assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactly(raised, fired, sent, resolved);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    @Test
    void eventsWithTheSameTimeKeepTheOrderTheyWereWrittenIn() {
        AuditEvent first = new AuditEvent(T0, "finding.raised", "prod", "a", Map.of());
        AuditEvent second = new AuditEvent(T0, "alert.fired", "prod", "a", Map.of());
        AuditEvent third = new AuditEvent(T0, "notification.sent", "prod", "email", Map.of("alerts", List.of("a")));
        Path file = write(first, second, third);

        assertThat(AuditReader.read(file, AuditReader.all()).events()).containsExactly(first, second, third);
    }
}
