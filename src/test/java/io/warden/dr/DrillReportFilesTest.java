package io.warden.dr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.dr.DrillReport.Cluster;
import io.warden.dr.DrillReport.GroupPosition;
import io.warden.dr.DrillReport.Marker;
import io.warden.dr.DrillReport.PartitionCount;
import io.warden.dr.DrillReport.TierResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillReportFilesTest {

    @TempDir
    Path dir;

    static final Instant AT = Instant.parse("2026-12-07T19:30:00Z");

    static DrillReport report() {
        Marker seen = new Marker("d-0", "orders|<b>", 0, 41, AT, "primary.orders|<b>", 12L, AT.plusMillis(850), Duration.ofMillis(850));
        Marker lost = new Marker("d-1", "orders|<b>", 1, 7, AT, "primary.orders|<b>", null, null, null);
        return new DrillReport("d", AT, AT.plusSeconds(5), "ops@host", new Cluster("east", "e1:9092", "primary"),
                new Cluster("west", "w1:9092", "dr"), "default", List.of("orders|<b>"), false, Duration.ofMinutes(2), null,
                2, 1, 1, Duration.ofMillis(850), Duration.ofMillis(850),
                List.of(new TierResult("critical", Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofMillis(850), false)),
                List.of(seen, lost), List.of(new PartitionCount("orders|<b>", 0, 41, 42, 1, "primary.orders|<b>", 12L, 13L, 1L, true)),
                List.of(new GroupPosition("billing`x", 2, 1, List.of("orders-1"), Duration.ofSeconds(3), false, "1 of 2 partitions have no checkpoint on DR")),
                null, List.of("a note"), List.of(), io.warden.runbook.verify.VerifyCheck.Status.FAIL);
    }

    @Test
    void writesMarkdownNamingTheMeasuredRpoAndJsonNamedByPairAndDate() throws Exception {
        List<Path> files = DrillReportFiles.write(report(), dir.resolve("drills"));

        assertThat(files).extracting(p -> p.getFileName().toString())
                .containsExactly("dr-drill-east-west-20261207T193000Z.md", "dr-drill-east-west-20261207T193000Z.json");
        String md = Files.readString(files.get(0));
        assertThat(md).startsWith("# DR drill: FAIL")
                .contains("**Measured RPO: 850 ms**", "| critical | 1 min | 15 min | markers lost | FAIL |",
                        "MirrorMaker alias `primary`", "MirrorMaker alias `dr`", "run by ops@host",
                        "orders\\|&lt;b&gt;", "billing\\`x", "LOST", "1 lost")
                .doesNotContain("<b>");
        var json = new ObjectMapper().readTree(Files.readString(files.get(1)));
        assertThat(json.get("markersLost").asInt()).isEqualTo(1);
        assertThat(json.get("topics").get(0).asText()).isEqualTo("orders|<b>");
        assertThat(json.get("status").asText()).isEqualTo("FAIL");
    }

    @Test
    void theParitySectionListsEachDifference() {
        DrillReport r = report();
        var parity = new ParityReport("http://sr1", "http://sr2", null, null, 3, null, List.of(
                new ParityReport.Difference("schema-registry", "orders|value", "missing on DR", "version 2 sha256:ab", "-")),
                List.of("Connect: only the DR's is named"));
        DrillReport withParity = new DrillReport(r.drillId(), r.startedAt(), r.finishedAt(), r.ranBy(), r.source(), r.target(),
                r.replicationPolicy(), r.topics(), r.drillTopic(), r.markerWait(), r.replicaSeenAfter(), r.markersProduced(),
                r.markersSeen(), r.markersLost(), r.rpo(), r.p50(), r.tiers(), r.markers(), r.counts(), r.groups(), parity, r.notes(),
                r.cleanup(), r.status());

        assertThat(DrillReportFiles.markdown(withParity)).contains("## Schema Registry and Connect parity",
                "| schema-registry | orders\\|value | missing on DR | version 2 sha256:ab | - |",
                "- Not compared: Connect: only the DR's is named");
        assertThat(DrillReportFiles.markdown(r)).doesNotContain("parity");
    }

    private static ConsumerRecord<byte[], byte[]> record(String id, String seq) {
        var headers = new RecordHeaders();
        if (id != null) {
            headers.add(DrillService.HEADER, id.getBytes(StandardCharsets.UTF_8));
        }
        if (seq != null) {
            headers.add("warden-drill-seq", seq.getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>("t", 0, 0, 0, TimestampType.CREATE_TIME, 0, 0, null, null, headers, java.util.Optional.empty());
    }

    @Test
    void onlyThisDrillsMarkersWithASaneSequenceNumberCount() {
        assertThat(DrillMarkers.markerSeq(record("d", "3"), "d")).isEqualTo(3);
        assertThat(DrillMarkers.markerSeq(record("other-drill", "3"), "d")).isNull();
        assertThat(DrillMarkers.markerSeq(record("d", "-1"), "d")).isNull();
        assertThat(DrillMarkers.markerSeq(record("d", "x"), "d")).isNull();
        assertThat(DrillMarkers.markerSeq(record("d", "99999999999999"), "d")).isNull();
        assertThat(DrillMarkers.markerSeq(record("d", null), "d")).isNull();
        assertThat(DrillMarkers.markerSeq(record(null, "1"), "d")).isNull();
    }

    @Test
    void durationsReadAsTheReportShowsThem() {
        assertThat(DrillService.human(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(DrillService.human(Duration.ofMillis(12_500))).isEqualTo("12.5 s");
        assertThat(DrillService.human(Duration.ofMinutes(15))).isEqualTo("15 min");
        assertThat(DrillService.human(Duration.ofHours(4))).isEqualTo("4 h");
        assertThat(DrillService.human(Duration.ofSeconds(150))).isEqualTo("2 min 30 s");
    }
}
