package io.warden.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.warden.audit.AuditEvent;
import io.warden.audit.AuditLog;
import io.warden.report.AlertReport.CheckCount;
import io.warden.report.AlertReport.FiringAlert;
import io.warden.report.HealReport.ActionReport;
import io.warden.report.HealReport.EscalationReport;
import io.warden.report.HealReport.ReasonCount;
import io.warden.report.WatchReport.ProbeCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportServiceTest {

    /** The period under review: thirty days from FROM. */
    private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(30));

    private final List<AuditEvent> trail = new ArrayList<>();

    private void at(long second, String type, String key, Map<String, Object> data) {
        at(second, type, "prod", key, data);
    }

    private void at(long second, String type, String cluster, String key, Map<String, Object> data) {
        trail.add(new AuditEvent(FROM.plusSeconds(second), type, cluster, key, data));
    }

    private Report.ClusterReport prod() {
        Report report = ReportService.build(trail, FROM, TO);
        assertThat(report.clusters()).extracting(Report.ClusterReport::cluster).contains("prod");
        return report.clusters().stream().filter(c -> c.cluster().equals("prod")).findFirst().orElseThrow();
    }

    private static Map<String, Object> severity(String s) {
        return Map.of("severity", s, "rule", "default");
    }

    @Test
    void alertsAreCountedByCheckAndSeverityAndTimedFromFirstFiringToResolvedAndFromFindingToFiring() {
        at(0, "finding.raised", "consumer-lag/group=billing", Map.of());
        at(120, "alert.fired", "consumer-lag/group=billing", severity("CRITICAL"));
        at(720, "alert.resolved", "consumer-lag/group=billing", severity("CRITICAL"));
        at(1000, "finding.raised", "broker-down/broker=2", Map.of());
        at(1060, "alert.fired", "broker-down/broker=2", severity("CRITICAL"));
        at(1360, "alert.resolved", "broker-down/broker=2", severity("CRITICAL"));
        at(1900, "finding.raised", "consumer-lag/group=orders", Map.of());
        at(2000, "alert.fired", "consumer-lag/group=orders", severity("WARNING"));
        at(2100, "alert.fired", "consumer-lag/group=orders", severity("CRITICAL")); // regraded: fires again
        at(2300, "alert.reminder", "consumer-lag/group=orders", severity("CRITICAL"));
        at(2600, "alert.resolved", "consumer-lag/group=orders", severity("CRITICAL"));

        AlertReport alerts = prod().alerts();

        assertThat(alerts.fired()).isEqualTo(4);
        assertThat(alerts.resolved()).isEqualTo(3);
        assertThat(alerts.byCheck()).containsExactly(new CheckCount("consumer-lag", "CRITICAL", 2),
                new CheckCount("broker-down", "CRITICAL", 1), new CheckCount("consumer-lag", "WARNING", 1));
        assertThat(alerts.stillFiring()).isEmpty();
        // 600 s, 300 s, and 600 s from the first firing of the regraded alert
        assertThat(alerts.timeToResolveSeconds()).isEqualTo(new Stats(3, 500.0, 600L, 600L, 600L));
        // detect: only first firings, 120 s, 60 s, 100 s
        assertThat(alerts.timeToDetectSeconds().count()).isEqualTo(3);
        assertThat(alerts.timeToDetectSeconds().median()).isEqualTo(100L);
        assertThat(alerts.timeToDetectSeconds().mean()).isCloseTo(93.3, within(0.1));
    }

    @Test
    void anAlertFiredBeforeThePeriodIsTimedWhenItResolvesInItButNotCountedAsFired() {
        at(-7200, "alert.fired", "dlq-depth/topic=orders.dlq", severity("WARNING"));
        at(3600, "alert.resolved", "dlq-depth/topic=orders.dlq", severity("WARNING"));

        AlertReport alerts = prod().alerts();

        assertThat(alerts.fired()).isZero();
        assertThat(alerts.resolved()).isEqualTo(1);
        assertThat(alerts.timeToResolveSeconds().median()).isEqualTo(10_800L);
        assertThat(alerts.timeToDetectSeconds().count()).isZero();
    }

    @Test
    void anAlertStillFiringAtTheEndIsListedAndNotTimed() {
        at(-600, "alert.fired", "under-replicated", severity("WARNING")); // before a restart: forgotten
        at(-300, "config.loaded", "localhost:9092", Map.of());
        at(100, "alert.fired", "broker-down/broker=3", severity("CRITICAL"));
        at(200, "alert.fired", "disk-usage/broker=1/dir=/data", severity("WARNING"));
        at(300, "alert.resolved", "disk-usage/broker=1/dir=/data", severity("WARNING"));

        AlertReport alerts = prod().alerts();

        assertThat(alerts.stillFiring()).containsExactly(
                new FiringAlert("broker-down/broker=3", "CRITICAL", FROM.plusSeconds(100)));
        assertThat(alerts.timeToResolveSeconds().count()).isEqualTo(1);
    }

    @Test
    void aResolutionWithoutAFiringIsCountedButNotTimed() {
        at(50, "alert.resolved", "offline-partitions", severity("CRITICAL"));

        AlertReport alerts = prod().alerts();

        assertThat(alerts.resolved()).isEqualTo(1);
        assertThat(alerts.fired()).isZero();
        assertThat(alerts.timeToResolveSeconds()).isEqualTo(Stats.NONE);
        assertThat(alerts.stillFiring()).isEmpty();
    }

    @Test
    void aResolutionUnderASilenceEndsTheAlert() {
        at(0, "alert.fired", "consumer-lag/group=billing", severity("WARNING"));
        at(900, "finding.resolved", "consumer-lag/group=billing", Map.of());
        at(900, "alert.silenced", "consumer-lag/group=billing", severity("WARNING"));

        AlertReport alerts = prod().alerts();

        assertThat(alerts.silenced()).isEqualTo(1);
        assertThat(alerts.resolved()).isEqualTo(1);
        assertThat(alerts.stillFiring()).isEmpty();
        assertThat(alerts.timeToResolveSeconds().median()).isEqualTo(900L);
    }

    private void action(long second, String type, String key, String action, String outcome) {
        at(second, type, key, outcome == null ? Map.of("playbook", "broker-down", "action", action, "attempt", 1)
                : Map.of("playbook", "broker-down", "action", action, "attempt", 1, "outcome", outcome, "tookMillis", 800));
    }

    @Test
    void selfHealingPerActionWithOutcomesRecoveryRateAndEscalations() {
        // A: restart fails, then works and is verified
        action(100, "heal.action.started", "broker-down/broker=1", "restart-broker", null);
        action(110, "heal.action.finished", "broker-down/broker=1", "restart-broker", "FAILED");
        action(200, "heal.action.started", "broker-down/broker=1", "restart-broker", null);
        action(210, "heal.action.finished", "broker-down/broker=1", "restart-broker", "DONE");
        at(300, "heal.recovered", "broker-down/broker=1", Map.of("playbook", "broker-down", "attempts", 2,
                "detectToRecoverSeconds", 360, "lastAttempt", "VERIFIED"));
        // B: restart done but unverified, then the playbook is used up; a human fixes it later
        action(1000, "heal.action.started", "broker-down/broker=2", "restart-broker", null);
        action(1010, "heal.action.finished", "broker-down/broker=2", "restart-broker", "DONE");
        action(1100, "heal.action.unverified", "broker-down/broker=2", "restart-broker", "UNVERIFIED");
        at(1200, "heal.escalated", "broker-down/broker=2", Map.of("playbook", "broker-down",
                "reason", "playbook broker-down is used up: 1 attempt(s) did not resolve the alert", "story", "..."));
        at(5000, "heal.recovered", "broker-down/broker=2", Map.of("playbook", "broker-down", "attempts", 1,
                "detectToRecoverSeconds", 4100, "lastAttempt", "UNVERIFIED"));
        // C: interrupted by a stop, still open at the end
        action(2000, "heal.action.started", "connector-failed/connector=s3", "restart-connector", null);
        action(2001, "heal.action.finished", "connector-failed/connector=s3", "restart-connector", "INTERRUPTED");
        // D, E: escalated before acting, then resolved by themselves
        at(3000, "heal.escalated", "broker-down/broker=3", Map.of("playbook", "broker-down",
                "reason", "hourly budget used up: 4 action(s) in the last hour, limit 4"));
        at(3100, "heal.not-needed", "broker-down/broker=3", Map.of("playbook", "broker-down"));
        at(3200, "heal.escalated", "broker-down/broker=4", Map.of("playbook", "broker-down",
                "reason", "hourly budget used up: 5 action(s) in the last hour, limit 4"));
        at(3300, "heal.escalated", "under-replicated", Map.of("playbook", "urp", "reason", "blast radius: 2 of 3 brokers"));
        // dry runs
        at(4000, "heal.decided", "dlq-depth/topic=x.dlq", Map.of("decision", "ACT", "reason", "dry run: would run command"));
        at(4100, "heal.decided", "dlq-depth/topic=x.dlq", Map.of("decision", "WAIT", "reason", "grace period of 60s"));
        at(4200, "heal.paused", null, Map.of("reason", "upgrade"));

        HealReport heal = prod().healing();

        assertThat(heal.incidentsActedOn()).isEqualTo(3);
        assertThat(heal.recovered()).isEqualTo(1);
        assertThat(heal.resolvedAfterEscalation()).isEqualTo(1);
        assertThat(heal.recoveryRate()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(heal.detectToRecoverSeconds()).isEqualTo(new Stats(1, 360.0, 360L, 360L, 360L));
        assertThat(heal.dryRunDecisions()).isEqualTo(1);
        assertThat(heal.actions()).containsExactly(
                new ActionReport("restart-broker", 3, 2, 1, 0, 1, 2, 1, 0.5, new Stats(1, 360.0, 360L, 360L, 360L)),
                new ActionReport("restart-connector", 1, 0, 0, 1, 0, 1, 0, 0.0, Stats.NONE));
        assertThat(heal.escalations()).containsExactly(
                new EscalationReport("broker-down", 3, List.of(new ReasonCount("hourly budget used up", 2),
                        new ReasonCount("playbook broker-down is used up", 1))),
                new EscalationReport("urp", 1, List.of(new ReasonCount("blast radius", 1))));
    }

    @Test
    void anIncidentActedOnBeforeThePeriodAndRecoveredInItCreditsItsAction() {
        action(-500, "heal.action.started", "broker-down/broker=1", "restart-broker", null);
        action(-490, "heal.action.finished", "broker-down/broker=1", "restart-broker", "DONE");
        at(60, "heal.recovered", "broker-down/broker=1", Map.of("detectToRecoverSeconds", 700));
        // recovered with no earlier record at all (the trail was rotated away): acted on, no action to credit
        at(70, "heal.recovered", "broker-down/broker=2", Map.of("detectToRecoverSeconds", 100));

        HealReport heal = prod().healing();

        assertThat(heal.incidentsActedOn()).isEqualTo(2);
        assertThat(heal.recovered()).isEqualTo(2);
        assertThat(heal.recoveryRate()).isEqualTo(1.0);
        assertThat(heal.actions()).containsExactly(
                new ActionReport("restart-broker", 0, 0, 0, 0, 0, 1, 1, 1.0, new Stats(1, 700.0, 700L, 700L, 700L)));
    }

    @Test
    void notificationsPerChannelWithFailures() {
        at(10, "notification.sent", "email", Map.of("events", 1, "attempts", 1, "tookMillis", 100));
        at(20, "notification.sent", "email", Map.of("events", 2, "attempts", 2, "tookMillis", 300));
        at(30, "notification.failed", "email", Map.of("events", 1, "attempts", 3, "tookMillis", 9000,
                "error", "connection refused"));
        at(40, "notification.failed", "webhook", Map.of("attempts", 3, "error", "HTTP 503"));

        List<ChannelReport> channels = prod().notifications();

        assertThat(channels).hasSize(2);
        ChannelReport email = channels.get(0);
        assertThat(email.channel()).isEqualTo("email");
        assertThat(email.sent()).isEqualTo(2);
        assertThat(email.failed()).isEqualTo(1);
        assertThat(email.deliveryRate()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(email.meanAttempts()).isEqualTo(2.0);
        assertThat(email.meanDeliveryMillis()).as("over the delivered only").isEqualTo(200.0);
        assertThat(channels.get(1)).isEqualTo(new ChannelReport("webhook", 0, 1, 0.0, 3.0, null));
    }

    @Test
    void watchSummariesGiveTheSlowestHoursAndTheProbesThatFailedMost() {
        at(3605, "watch.summary", null, Map.of("from", "2026-01-01T00:00:00Z", "cycles", 120, "failedCycles", 1,
                "p50Millis", 80, "p90Millis", 150, "maxMillis", 900, "slowestAt", "2026-01-01T00:41:00Z",
                "probeFailures", Map.of("logdirs", 3)));
        at(7205, "watch.summary", null, Map.of("from", "2026-01-01T01:00:00Z", "cycles", 120, "failedCycles", 0,
                "p50Millis", 90, "p90Millis", 400, "maxMillis", 12000, "slowestAt", "2026-01-01T01:13:00Z",
                "probeFailures", Map.of("logdirs", 1, "groups", 7, "offsets", 0)));

        WatchReport watch = prod().watch();

        assertThat(watch.cycles()).isEqualTo(240);
        assertThat(watch.failedCycles()).isEqualTo(1);
        assertThat(watch.slowestHours()).extracting(WatchReport.HourReport::maxMillis).containsExactly(12000L, 900L);
        assertThat(watch.slowestHours().get(0).slowestAt()).isEqualTo(Instant.parse("2026-01-01T01:13:00Z"));
        assertThat(watch.probeFailures()).containsExactly(new ProbeCount("groups", 7), new ProbeCount("logdirs", 4));
    }

    @Test
    void theHeaderCountsThePeriodsRecordsAndEachClusterIsReportedApart() {
        at(-10, "alert.fired", "prod", "old", severity("WARNING")); // before the period
        at(10, "alert.fired", "prod", "broker-down/broker=1", severity("CRITICAL"));
        at(20, "alert.fired", "staging", "broker-down/broker=1", severity("WARNING"));
        at(30, "silence.created", null, "abc", Map.of());
        // one daemon watched both and stopped: nothing of either is still firing after it
        at(40, "watch.stopped", null, null, Map.of("clusters", List.of("prod", "staging")));
        trail.add(new AuditEvent(TO, "alert.fired", "prod", "after", severity("WARNING"))); // the end is exclusive

        Report all = ReportService.build(new AuditLog(trail, 2), FROM, TO, null);

        assertThat(all.events()).isEqualTo(4);
        assertThat(all.skippedLines()).isEqualTo(2);
        assertThat(all.clusters()).extracting(Report.ClusterReport::cluster).containsExactly("prod", "staging");
        assertThat(all.clusters()).allSatisfy(c -> {
            assertThat(c.alerts().fired()).isEqualTo(1);
            assertThat(c.alerts().stillFiring()).isEmpty();
        });

        Report staging = ReportService.build(new AuditLog(trail, 0), FROM, TO, "staging");
        assertThat(staging.clusters()).extracting(Report.ClusterReport::cluster).containsExactly("staging");
        assertThat(staging.events()).as("its alert and the stop naming it").isEqualTo(2);
    }

    @Test
    void noRecordsInThePeriodIsNothingToReport() {
        assertThat(ReportService.build(List.of(), FROM, TO).nothingToReport()).isTrue();

        at(-3600, "alert.fired", "broker-down/broker=1", severity("CRITICAL"));
        Report report = ReportService.build(trail, FROM, TO);

        assertThat(report.nothingToReport()).isTrue();
        assertThat(report.clusters()).isEmpty();
    }
}
