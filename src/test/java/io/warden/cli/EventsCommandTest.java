package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditTrail;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EventsCommandTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    @TempDir
    Path dir;

    private Path file;

    @BeforeEach
    void writeTrail() {
        file = dir.resolve("audit.jsonl");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(new AuditEvent(NOW.minusSeconds(3 * 3600), "config.loaded", null, "/etc/warden/warden.yaml",
                    Map.of("clusters", 1)));
            trail.append(new AuditEvent(NOW.minusSeconds(1800), "alert.fired", "prod", "consumer-lag/group=billing",
                    Map.of("message", "group billing is 120,000 messages behind", "severity", "critical")));
            trail.append(new AuditEvent(NOW.minusSeconds(1700), "notification.failed", "prod", "email",
                    Map.of("error", "connection refused", "alerts", 1)));
            trail.append(new AuditEvent(NOW.minusSeconds(60), "alert.resolved", "prod", "consumer-lag/group=billing",
                    Map.of("message", "group billing caught up " + "and more ".repeat(30))));
        }
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        EventsCommand command = new EventsCommand();
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aTableOfEveryEventOldestFirst() {
        Run run = run("--file", file.toString());

        assertThat(run.exitCode()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).matches("TIME +TYPE +CLUSTER +KEY +SUMMARY");
        assertThat(lines[1]).startsWith("2026-01-31T09:00:00Z  config.loaded").contains(" - ", "clusters=1");
        assertThat(lines[2]).contains("alert.fired", "prod", "consumer-lag/group=billing",
                "group billing is 120,000 messages behind").doesNotContain("severity=");
        assertThat(lines[3]).contains("notification.failed", "alerts=1 error=\"connection refused\"");
        assertThat(lines[4]).contains("alert.resolved").endsWith("...");
        assertThat(lines[4].substring(lines[4].indexOf("group billing caught up"))).hasSize(100);
    }

    @Test
    void filtersBySinceTypePrefixAndKey() {
        assertThat(run("--file", file.toString(), "--since", "1h").out()).doesNotContain("config.loaded")
                .contains("alert.fired", "notification.failed", "alert.resolved");
        assertThat(run("--file", file.toString(), "--type", "alert").out())
                .contains("alert.fired", "alert.resolved").doesNotContain("notification", "config");
        assertThat(run("--file", file.toString(), "--type", "config,notification.failed").out())
                .contains("config.loaded", "notification.failed").doesNotContain("alert.");
        assertThat(run("--file", file.toString(), "--key", "GROUP=billing", "--since", "10m").out())
                .contains("alert.resolved").doesNotContain("alert.fired", "email");
        assertThat(run("--file", file.toString(), "--type", "heal").out()).startsWith("No matching events in ");
    }

    @Test
    void limitKeepsTheNewest() {
        String out = run("--file", file.toString(), "--limit", "2").out();

        assertThat(out).contains("notification.failed", "alert.resolved").doesNotContain("alert.fired", "config.loaded");
    }

    @Test
    void jsonHasEveryFieldAndTheSkippedLineCount() throws IOException {
        Files.writeString(file, "{\"time\":\"2026-01-31T11:59:", StandardOpenOption.APPEND); // torn by a crash

        Run run = run("--file", file.toString(), "--type", "alert.fired", "--output", "json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("file").asText()).isEqualTo(file.toAbsolutePath().toString());
        assertThat(json.path("skippedLines").asInt()).isEqualTo(1);
        assertThat(json.path("events")).hasSize(1);
        JsonNode event = json.path("events").get(0);
        assertThat(event.path("time").asText()).isEqualTo("2026-01-31T11:30:00Z");
        assertThat(event.path("type").asText()).isEqualTo("alert.fired");
        assertThat(event.path("cluster").asText()).isEqualTo("prod");
        assertThat(event.path("key").asText()).isEqualTo("consumer-lag/group=billing");
        assertThat(event.path("data").path("severity").asText()).isEqualTo("critical");
    }

    @Test
    void aTornLastLineIsAWarningNotAnError() throws IOException {
        Files.writeString(file, "{\"time\":\"2026-01-31T11:59:", StandardOpenOption.APPEND);

        Run run = run("--file", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("alert.resolved");
        assertThat(run.err()).startsWith("warning: skipped 1 unreadable line(s) in " + file.toAbsolutePath());
    }

    @Test
    void noTrailYetSaysWhereItLooked() throws IOException {
        Path missing = dir.resolve("none.jsonl");

        Run table = run("--file", missing.toString());
        assertThat(table.exitCode()).isZero();
        assertThat(table.out()).startsWith("No events yet: there is no audit trail at " + missing.toAbsolutePath());

        Run json = run("--file", missing.toString(), "-o", "json");
        assertThat(json.exitCode()).isZero();
        assertThat(new ObjectMapper().readTree(json.out()).path("events").isArray()).isTrue();
        assertThat(new ObjectMapper().readTree(json.out()).path("events")).isEmpty();
    }

    @Test
    void aBadDurationIsAUsageError() {
        Run run = run("--file", file.toString(), "--since", "yesterday");

        assertThat(run.exitCode()).isEqualTo(2); // picocli's default handler; Main maps usage errors to 64
        assertThat(run.err()).contains("'yesterday' is not a duration");
    }
}
