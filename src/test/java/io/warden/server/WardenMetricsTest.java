package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static io.warden.server.Fixtures.finding;
import static io.warden.server.Fixtures.group;
import static io.warden.server.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.TopicInfo;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.CycleResult;
import io.warden.watch.GroupStatus;
import io.warden.watch.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WardenMetricsTest {

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final ClusterMetrics cluster = metrics.cluster("c");

    @Test
    void beforeTheFirstCycleOnlyWardensOwnMetricsAreScraped() {
        String scrape = metrics.scrape();

        assertThat(scrape).contains("warden_cycles_total{cluster=\"c\"} 0.0");
        assertThat(scrape).contains("warden_findings{cluster=\"c\",severity=\"CRITICAL\"} 0.0");
        assertThat(scrape).doesNotContain("kafka_");
    }

    @Test
    void theNotificationAndHealingSeriesAWatchCanProduceAreZeroBeforeTheirFirstEvent() {
        // so that increase() and alerting rules see the first failed notification and the first escalation
        cluster.expectNotifications(List.of("oncall"));
        cluster.expectHealing("restart-missing-broker", List.of("restart-broker"), List.of("DONE", "FAILED"));

        assertThat(metrics.scrape())
                .contains("warden_notifications_total{channel=\"oncall\",cluster=\"c\",outcome=\"failed\"} 0.0")
                .contains("warden_notifications_total{channel=\"oncall\",cluster=\"c\",outcome=\"sent\"} 0.0")
                .contains("warden_heal_escalations_total{cluster=\"c\",playbook=\"restart-missing-broker\"} 0.0")
                .contains("warden_heal_attempts_total{action=\"restart-broker\",cluster=\"c\",outcome=\"FAILED\"} 0.0")
                .contains("warden_heal_recovery_seconds_count{cluster=\"c\",playbook=\"restart-missing-broker\"} 0");
    }

    @Test
    void whetherHealingIsPausedIsAGaugeThatLeavesWithTheCluster() {
        cluster.recordHealPaused(true);
        assertThat(metrics.scrape()).contains("warden_heal_paused{cluster=\"c\"} 1.0");

        // another instance of the fleet owns the cluster now and tells its own pause
        metrics.forget("c");
        assertThat(metrics.scrape()).doesNotContain("warden_heal_paused{");
    }

    @Test
    void clusterStateOfThePublishedCycleIsScraped() {
        cluster.publish(result(List.of(group("g", 42, 12.5, GroupStatus.WARN))));

        assertThat(lines(metrics.scrape())).contains(
                "kafka_broker_up{broker=\"1\",cluster=\"c\"} 1.0",
                "kafka_broker_up{broker=\"3\",cluster=\"c\"} 0.0",
                "kafka_brokers{cluster=\"c\"} 2.0",
                "kafka_controller_id{cluster=\"c\"} 1.0",
                "kafka_partitions{cluster=\"c\"} 2.0",
                "kafka_partitions_offline{cluster=\"c\"} 1.0",
                "kafka_partitions_under_replicated{cluster=\"c\"} 1.0",
                "kafka_partitions_under_min_isr{cluster=\"c\"} 1.0",
                "kafka_topic_partitions{cluster=\"c\",topic=\"t\"} 2.0",
                "kafka_topic_size_bytes{cluster=\"c\",topic=\"t\"} 500.0",
                "kafka_log_dir_used_bytes{broker=\"1\",cluster=\"c\",dir=\"/data\"} 300.0",
                "kafka_log_dir_total_bytes{broker=\"1\",cluster=\"c\",dir=\"/data\"} 1000.0",
                "kafka_log_dir_usable_bytes{broker=\"1\",cluster=\"c\",dir=\"/data\"} 400.0",
                "kafka_log_dir_online{broker=\"2\",cluster=\"c\",dir=\"/data\"} 0.0",
                "kafka_consumergroup_lag{cluster=\"c\",group=\"g\",partition=\"0\",topic=\"t\",type=\"CONSUMER\"} 42.0",
                "kafka_consumergroup_lag_seconds{cluster=\"c\",group=\"g\",partition=\"0\",topic=\"t\",type=\"CONSUMER\"} 12.5",
                "kafka_consumergroup_group_lag{cluster=\"c\",group=\"g\",type=\"CONSUMER\"} 42.0",
                "kafka_consumergroup_group_max_lag_seconds{cluster=\"c\",group=\"g\",type=\"CONSUMER\"} 12.5",
                "kafka_consumergroup_members{cluster=\"c\",group=\"g\",type=\"CONSUMER\"} 2.0",
                "kafka_consumergroup_partitions{cluster=\"c\",group=\"g\",type=\"CONSUMER\"} 1.0",
                "kafka_consumergroup_partitions_lagging{cluster=\"c\",group=\"g\",type=\"CONSUMER\"} 1.0",
                "kafka_consumergroup_rebalances{cluster=\"c\",group=\"g\",type=\"CONSUMER\"} 1.0",
                "kafka_consumergroup_status{cluster=\"c\",group=\"g\",status=\"WARN\",type=\"CONSUMER\"} 1.0",
                "kafka_consumergroup_status{cluster=\"c\",group=\"g\",status=\"OK\",type=\"CONSUMER\"} 0.0");
    }

    @Test
    void quorumVotersCaughtUpVotersAndLagPerVoterAreScraped() {
        cluster.publish(result(List.of()));

        assertThat(lines(metrics.scrape())).contains(
                "kafka_quorum_voters{cluster=\"c\"} 3.0",
                "kafka_quorum_voters_caught_up{cluster=\"c\"} 2.0",
                "kafka_quorum_failures_tolerated{cluster=\"c\"} 0.0",
                "kafka_quorum_voter_lag{cluster=\"c\",voter=\"1\"} 0.0",
                "kafka_quorum_voter_lag{cluster=\"c\",voter=\"3\"} 600.0");
    }

    @Test
    void unknownValuesAreLeftOutRatherThanReportedAsZero() {
        cluster.publish(result(List.of(group("g", 42, null, GroupStatus.OK))));

        String scrape = metrics.scrape();

        // partition 1 of t has no known offsets, broker 2's volume size is unknown, lag seconds undated
        assertThat(scrape).doesNotContain("kafka_topic_log_end_offset{cluster=\"c\",topic=\"t\"}");
        assertThat(scrape).doesNotContain("kafka_log_dir_total_bytes{broker=\"2\"");
        assertThat(scrape).doesNotContain("kafka_consumergroup_lag_seconds");
        assertThat(scrape).doesNotContain("kafka_consumergroup_group_max_lag_seconds");
    }

    @Test
    void aFailedProbeLeavesItsMetricsOut() {
        var snapshot = Fixtures.snapshot(new ProbeFailure("topics", "*", "timed out"));
        cluster.publish(new CycleResult(SnapshotHistory.of(snapshot), List.of(), List.of()));

        String scrape = metrics.scrape();

        assertThat(scrape).doesNotContain("kafka_partitions{").doesNotContain("kafka_partitions_offline{");
        assertThat(scrape).contains("kafka_brokers{cluster=\"c\"} 2.0");
    }

    @Test
    void aGroupThatDisappearsFromTheNextCycleDisappearsFromTheScrape() {
        cluster.publish(result(List.of(group("gone", 7, 1.0, GroupStatus.STOP), group("kept", 3, null, GroupStatus.OK))));
        assertThat(metrics.scrape()).contains("group=\"gone\"");

        cluster.publish(result(List.of(group("kept", 4, null, GroupStatus.OK))));

        String scrape = metrics.scrape();
        assertThat(scrape).doesNotContain("gone");
        assertThat(scrape).contains("kafka_consumergroup_group_lag{cluster=\"c\",group=\"kept\",type=\"CONSUMER\"} 4.0");
    }

    @Test
    void cyclesErrorsDurationAndTimestampsAreCounted() {
        cluster.recordCycle(Duration.ofMillis(300), false);
        clock.advance(Duration.ofSeconds(30));
        cluster.recordFailedCycle(Duration.ofSeconds(2), "admin timed out");
        cluster.recordProbeFailures(3);
        cluster.recordProbeFailures(0);

        assertThat(lines(metrics.scrape())).contains(
                "warden_cycles_total{cluster=\"c\"} 2.0",
                "warden_cycle_errors_total{cluster=\"c\"} 1.0",
                "warden_probe_failures_total{cluster=\"c\"} 3.0",
                "warden_cycle_duration_seconds_count{cluster=\"c\"} 2",
                "warden_cycle_duration_seconds_sum{cluster=\"c\"} 2.3",
                "warden_cycle_duration_seconds_bucket{cluster=\"c\",le=\"0.5\"} 1",
                "warden_last_cycle_timestamp_seconds{cluster=\"c\"} " + (double) T0.plusSeconds(30).getEpochSecond(),
                "warden_last_success_timestamp_seconds{cluster=\"c\"} " + (double) T0.getEpochSecond());
        assertThat(cluster.lastCycle()).hasValueSatisfying(c -> assertThat(c.error()).isEqualTo("admin timed out"));
    }

    @Test
    void findingsAreCountedBySeverityOfTheLatestCycle() {
        cluster.publish(result(List.of(), finding("a", Severity.CRITICAL), finding("b", Severity.CRITICAL),
                finding("c", Severity.WARNING)));
        assertThat(lines(metrics.scrape())).contains(
                "warden_findings{cluster=\"c\",severity=\"CRITICAL\"} 2.0",
                "warden_findings{cluster=\"c\",severity=\"WARNING\"} 1.0");

        cluster.publish(result(List.of()));
        assertThat(lines(metrics.scrape())).contains("warden_findings{cluster=\"c\",severity=\"CRITICAL\"} 0.0");
    }

    @Test
    void secondsUntilACertificateExpiresPerEndpoint() {
        cluster.publish(result(List.of()));
        assertThat(lines(metrics.scrape())).contains("kafka_tls_certificate_expiry_seconds{cluster=\"c\",endpoint=\"b1:9093\","
                + "source=\"broker 1 listener SSL\"} " + (double) Duration.ofDays(5).toSeconds());
    }

    @Test
    void offsetsAreSummedPerTopicNotExportedPerPartition() {
        var u = new TopicInfo("u", false, 1, List.of(new PartitionInfo("u", 0, 1, List.of(1), List.of(1), 10, 40),
                new PartitionInfo("u", 1, 1, List.of(1), List.of(1), 0, 25)));
        cluster.publish(new CycleResult(SnapshotHistory.of(withTopic(Fixtures.snapshot(), u)), List.of(), List.of()));

        String scrape = metrics.scrape();

        assertThat(lines(scrape)).contains("kafka_topic_log_start_offset{cluster=\"c\",topic=\"u\"} 10.0",
                "kafka_topic_log_end_offset{cluster=\"c\",topic=\"u\"} 65.0",
                "kafka_topic_partitions{cluster=\"c\",topic=\"u\"} 2.0");
        assertThat(scrape).doesNotContain("partition=\"");
    }

    @Test
    void namesFromTheClusterAreEscapedAsThePrometheusClientEscapesThem() throws Exception {
        String hostile = "g\"} 1\nkafka_brokers{cluster=\"x\\\u00e9";
        cluster.publish(result(List.of(group(hostile, 3, 2.0, GroupStatus.OK))));

        String ours = metrics.scrape().lines().filter(l -> l.startsWith("kafka_consumergroup_group_lag"))
                .findFirst().orElseThrow();

        var gauge = io.prometheus.metrics.model.snapshots.GaugeSnapshot.builder().name("kafka_consumergroup_group_lag")
                .dataPoint(io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .labels(io.prometheus.metrics.model.snapshots.Labels.of("cluster", "c", "group", hostile, "type", "CONSUMER"))
                        .value(3).build()).build();
        var out = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                .write(out, new io.prometheus.metrics.model.snapshots.MetricSnapshots(gauge));
        String theirs = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#"))
                .findFirst().orElseThrow();
        assertThat(ours).isEqualTo(theirs);
        assertThat(metrics.scrape()).contains("kafka_brokers{cluster=\"c\"} 2.0").doesNotContain("cluster=\"x");
    }

    @Test
    void everyMetricHasHelpAndEveryClusterSeriesHasTheClusterLabel() {
        cluster.recordCycle(Duration.ofSeconds(1), false);
        var healthy = new TopicInfo("u", false, 1, List.of(new PartitionInfo("u", 0, 1, List.of(1), List.of(1), 0, 7)));
        cluster.publish(new CycleResult(SnapshotHistory.of(withTopic(Fixtures.snapshot(), healthy)),
                List.of(group("g", 1, 1.0, GroupStatus.OK)), Fixtures.quorum(), List.of()));
        List<String> lines = lines(metrics.scrape());

        Set<String> helped = lines.stream().filter(l -> l.startsWith("# HELP "))
                .map(l -> l.split(" ")[2]).collect(Collectors.toSet());
        List<String> samples = lines.stream().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertThat(samples).hasSizeGreaterThan(40);
        for (String sample : samples) {
            String name = sample.split("[{ ]")[0].replaceAll("_(bucket|count|sum)$", "");
            assertThat(helped).as("HELP for %s", name).contains(name);
            assertThat(sample).as("cluster label").contains("cluster=\"c\"");
        }
        assertThat(helped).as("the full fixture emits every cluster metric").containsAll(ClusterCollector.HELP.keySet());
    }

    @Test
    void drReplicationIsExportedPerTopicAndPerTierNotPerPartition() {
        cluster.publish(result(List.of()));
        List<String> lines = lines(metrics.scrape());

        assertThat(lines).contains(
                "warden_dr_replication_lag_records{cluster=\"c\",target=\"dr\",topic=\"t\"} 30.0",
                "warden_dr_replication_lag_seconds{cluster=\"c\",target=\"dr\",topic=\"t\"} 45.0",
                "warden_dr_rpo_seconds{cluster=\"c\",target=\"dr\",tier=\"critical\"} 45.0",
                "warden_dr_rpo_target_seconds{cluster=\"c\",target=\"dr\",tier=\"critical\"} 60.0",
                "warden_dr_heartbeat_age_seconds{cluster=\"c\",target=\"dr\"} 4.0",
                "warden_dr_checkpoint_age_seconds{cluster=\"c\",target=\"dr\"} 90.0");
        assertThat(lines.stream().filter(l -> l.startsWith("warden_dr_replication_lag_records{"))).hasSize(1);
    }

    @Test
    void everyClusterIsScrapedUnderItsOwnLabelWithOneHelpPerMetric() {
        var east = metrics.cluster("east");
        cluster.publish(result(List.of(group("g", 42, null, GroupStatus.OK))));
        east.publish(result(List.of(group("g", 7, null, GroupStatus.OK))));
        cluster.recordNotification("email", true);
        east.recordNotification("email", false);

        List<String> lines = lines(metrics.scrape());

        assertThat(lines).contains(
                "kafka_consumergroup_group_lag{cluster=\"c\",group=\"g\",type=\"CONSUMER\"} 42.0",
                "kafka_consumergroup_group_lag{cluster=\"east\",group=\"g\",type=\"CONSUMER\"} 7.0",
                "warden_cycles_total{cluster=\"c\"} 0.0",
                "warden_cycles_total{cluster=\"east\"} 0.0",
                "warden_notifications_total{channel=\"email\",cluster=\"c\",outcome=\"sent\"} 1.0",
                "warden_notifications_total{channel=\"email\",cluster=\"east\",outcome=\"failed\"} 1.0");
        List<String> help = lines.stream().filter(l -> l.startsWith("# HELP ")).toList();
        assertThat(help).doesNotHaveDuplicates();
        assertThat(metrics.cluster("east")).isSameAs(east);
        assertThat(metrics.clusters()).extracting(ClusterMetrics::name).containsExactly("c", "east");
    }

    @Test
    void aScrapeWhileCyclesPublishShowsOneWholeCycle() throws Exception {
        List<CycleResult> cycles = List.of(result(List.of(group("a", 1, null, GroupStatus.OK), group("b", 1, null, GroupStatus.OK))),
                result(List.of(group("a", 2, null, GroupStatus.OK), group("b", 2, null, GroupStatus.OK))));
        cluster.publish(cycles.get(0));
        var publisher = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                cluster.publish(cycles.get(i % 2));
            }
        });
        publisher.start();
        try {
            for (int i = 0; i < 300; i++) {
                Set<String> lags = metrics.scrape().lines().filter(l -> l.startsWith("kafka_consumergroup_group_lag{"))
                        .map(l -> l.substring(l.lastIndexOf(' ') + 1)).collect(Collectors.toSet());
                assertThat(lags).as("scrape %d", i).hasSize(1);
            }
        } finally {
            publisher.interrupt();
            publisher.join();
        }
    }

    private static Snapshot withTopic(Snapshot s, TopicInfo topic) {
        var topics = new java.util.ArrayList<>(s.topics());
        topics.add(topic);
        return new Snapshot(s.takenAt(), s.cluster(), topics, s.groups(), s.logDirs(), s.offsetTimes(), s.failures(),
                s.durationMillis(), s.connect(), s.security(), s.replication());
    }

    private static List<String> lines(String scrape) {
        return Arrays.asList(scrape.split("\n"));
    }
}
