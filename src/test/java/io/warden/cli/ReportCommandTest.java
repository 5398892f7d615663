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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    private static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final String LAG = "consumer-lag/group=billing";

    @TempDir
    Path dir;

    private Path file;

    /** A week of one daemon watching prod and staging, as it would have written it. */
    @BeforeEach
    void writeTrail() {
        file = dir.resolve("audit.jsonl");
        try (AuditTrail trail = AuditTrail.open(file, 1 << 20, 3)) {
            trail.append(event(-40 * 86_400, "alert.fired", "prod", "old", Map.of("severity", "WARNING")));
            trail.append(event(-7 * 86_400, "config.loaded", "prod", "localhost:9092", Map.of()));
            trail.append(event(-6000, "finding.raised", "prod", LAG, Map.of("severity", "CRITICAL")));
            trail.append(event(-5880, "alert.fired", "prod", LAG, Map.of("severity", "CRITICAL", "rule", "default")));
            trail.append(event(-5880, "notification.sent", "prod", "email", Map.of("events", 1, "attempts", 1,
                    "tookMillis", 420, "keys", List.of(LAG))));
            trail.append(event(-5880, "notification.failed", "prod", "webhook", Map.of("events", 1, "attempts", 3,
                    "tookMillis", 7000, "error", "HTTP 503")));
            trail.append(event(-5800, "heal.action.started", "prod", LAG, Map.of("playbook", "lag", "action", "command",
                    "step", 1, "attempt", 1)));
            trail.append(event(-5790, "heal.action.finished", "prod", LAG, Map.of("playbook", "lag", "action", "command",
                    "step", 1, "attempt", 1, "outcome", "DONE", "tookMillis", 9500, "exitCode", 0)));
            trail.append(event(-5280, "alert.resolved", "prod", LAG, Map.of("severity", "CRITICAL")));
            trail.append(event(-5280, "heal.recovered", "prod", LAG, Map.of("playbook", "lag", "attempts", 1,
                    "detectToRecoverSeconds", 720, "lastAttempt", "VERIFIED")));
            trail.append(event(-3595, "watch.summary", "prod", null, Map.of("from", "2026-01-31T10:00:00Z",
                    "to", "2026-01-31T11:00:00Z", "cycles", 120, "failedCycles", 2, "p50Millis", 85, "p90Millis", 240,
                    "maxMillis", 5300, "slowestAt", "2026-01-31T10:17:30Z", "probeFailures", Map.of("logdirs", 4))));
            trail.append(event(-600, "alert.fired", "prod", "broker-down/broker=2", Map.of("severity", "CRITICAL")));
            trail.append(event(-300, "heal.escalated", "prod", "broker-down/broker=2", Map.of("playbook", "broker-down",
                    "reason", "blast radius: 2 of 3 brokers are down", "story", "...")));
            trail.append(event(-100, "alert.fired", "staging", "under-replicated", Map.of("severity", "WARNING")));
        }
    }

    private static AuditEvent event(long secondsFromNow, String type, String cluster, String key, Map<String, Object> data) {
        return new AuditEvent(NOW.plusSeconds(secondsFromNow), type, cluster, key, data);
    }

    private static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ReportCommand command = new ReportCommand();
        command.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        int code = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void aTableReviewOfTheLastThirtyDaysPerCluster() {
        Cli run = run("--file", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).startsWith("Warden report\n")
                .contains("Period: 2026-01-01T12:00:00Z to 2026-01-31T12:00:00Z (30d 0h)",
                        "Clusters: prod, staging", "Audit records in the period: 13; unreadable lines skipped: 0",
                        "== Cluster prod ==", "== Cluster staging ==",
                        "2 fired, 1 resolved, 0 silenced, 1 still firing at the end",
                        "Time to resolve (fired to resolved): mean 10m 0s, median 10m 0s, p90 10m 0s (1)",
                        "Time to detect (finding raised to alert fired", "mean 2m 0s",
                        "1 incident(s) acted on, 1 recovered (100%), 0 resolved only after escalation",
                        "120 cycles, 2 failed as a whole")
                .doesNotContain("old  WARNING");
        assertThat(run.out()).containsPattern("\n  CHECK +SEVERITY +FIRED\n  broker-down +CRITICAL +1\n  consumer-lag +CRITICAL +1\n");
        assertThat(run.out()).containsPattern("    broker-down/broker=2 +CRITICAL +2026-01-31T11:50:00Z\n");
        assertThat(run.out()).containsPattern("  command +1 +1 +0 +0 +0 +1 +1 +100% +12m 0s +12m 0s\n");
        assertThat(run.out()).containsPattern("  email +1 +0 +100% +1.0 +420 ms\n  webhook +0 +1 +0% +3.0 +-\n");
        assertThat(run.out()).containsPattern("    2026-01-31T10:00:00Z +120 +85 ms +240 ms +5.3 s +2026-01-31T10:17:30Z\n");
        assertThat(run.out()).containsPattern("    logdirs +4\n");
        assertThat(run.out()).containsPattern("    broker-down +1 +blast radius \\(1\\)\n");
    }

    @Test
    void jsonIsTheReportRecord() throws IOException {
        Files.writeString(file, "{\"time\":\"2026-01-31T11:59:", StandardOpenOption.APPEND); // torn by a crash

        Cli run = run("--file", file.toString(), "--since", "7d", "-o", "json");

        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("from").asText()).isEqualTo("2026-01-24T12:00:00Z");
        assertThat(json.path("to").asText()).isEqualTo("2026-01-31T12:00:00Z");
        assertThat(json.path("events").asInt()).isEqualTo(13);
        assertThat(json.path("skippedLines").asInt()).isEqualTo(1);
        JsonNode prod = json.path("clusters").get(0);
        assertThat(prod.path("cluster").asText()).isEqualTo("prod");
        assertThat(prod.path("alerts").path("fired").asInt()).isEqualTo(2);
        assertThat(prod.path("alerts").path("byCheck").get(1).path("check").asText()).isEqualTo("consumer-lag");
        assertThat(prod.path("alerts").path("stillFiring").get(0).path("key").asText()).isEqualTo("broker-down/broker=2");
        assertThat(prod.path("alerts").path("timeToResolveSeconds").path("median").asLong()).isEqualTo(600);
        assertThat(prod.path("healing").path("recoveryRate").asDouble()).isEqualTo(1.0);
        assertThat(prod.path("healing").path("actions").get(0).path("action").asText()).isEqualTo("command");
        assertThat(prod.path("healing").path("escalations").get(0).path("topReasons").get(0).path("reason").asText())
                .isEqualTo("blast radius");
        assertThat(prod.path("notifications").get(1).path("deliveryRate").asDouble()).isZero();
        assertThat(prod.path("watch").path("probeFailures").get(0).path("probe").asText()).isEqualTo("logdirs");
        assertThat(run.err()).contains("warning: skipped 1 unreadable line(s)");
    }

    @Test
    void markdownIsWrittenToTheNamedFileAndTheOutputSaysWhere() throws IOException {
        Path md = dir.resolve("reports/weekly.md");

        Cli run = run("--file", file.toString(), "--cluster", "prod", "--markdown", md.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("staging").endsWith("Markdown report written to " + md.toAbsolutePath() + "\n");
        String text = Files.readString(md);
        assertThat(text).startsWith("# Warden report\n\n- Period: ")
                .contains("## Cluster prod\n", "### Alerts\n", "#### Still firing\n", "### Self-healing\n",
                        "### Notifications\n", "### Watch cycles\n", "#### Probe failures\n",
                        "| CHECK | SEVERITY | FIRED |\n| --- | --- | --- |\n| broker-down | CRITICAL | 1 |\n| consumer-lag | CRITICAL | 1 |\n",
                        "| broker-down/broker=2 | CRITICAL | 2026-01-31T11:50:00Z |")
                .doesNotContain("staging");
    }

    @Test
    void theConfigNamesTheTrail() throws IOException {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), "audit:\n  file: " + file + "\n");

        Cli run = run("--config", yaml.toString(), "--since", "1h");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Audit records in the period: 4", "broker-down/broker=2", "under-replicated");
    }

    @Test
    void nothingInThePeriodOrNoTrailIsOneLineAndSuccess() {
        Cli quiet = run("--file", file.toString(), "--since", "1m");
        assertThat(quiet.exitCode()).isZero();
        assertThat(quiet.out()).isEqualTo("Nothing to report: no audit records in the last 1m 0s in "
                + file.toAbsolutePath() + ".\n");

        Path missing = dir.resolve("none.jsonl");
        Cli none = run("--file", missing.toString(), "--markdown", dir.resolve("x.md").toString());
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).isEqualTo("Nothing to report: no audit records in the last 30d 0h in "
                + missing.toAbsolutePath() + " (there is no audit trail there yet; --file names another).\n");
        assertThat(dir.resolve("x.md")).doesNotExist();

        assertThat(run("--file", file.toString(), "--cluster", "nope").out()).startsWith(
                "Nothing to report: no audit records of cluster nope in the last 30d 0h");
    }

    @Test
    void aBadPeriodIsAUsageError() {
        Cli run = Cli.run("report", "--file", file.toString(), "--since", "last-month");

        assertThat(run.exitCode()).isEqualTo(64);
        assertThat(run.err()).contains("'last-month' is not a duration");
    }
}
