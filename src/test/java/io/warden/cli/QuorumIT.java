package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.ConnectionSettings;
import io.warden.watch.CheckSettings;
import io.warden.watch.CycleResult;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import io.warden.watch.StatusService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a cluster with three KRaft controller voters, when one controller stops, then status and the
 * daemon say the quorum is one voter failure from losing its majority and name the stopped voter.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuorumIT {

    static EmbeddedKafka kafka;
    static int leader;
    static int stopped;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.start(3, 1, Map.of());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            leader = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
        }
        stopped = kafka.controllerIds().stream().filter(id -> id != leader).findFirst().orElseThrow();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    @Order(1)
    void statusShowsEveryVoterAndObserverWithTheColumnsOfDescribeReplication() throws Exception {
        Cli table = Cli.run("status", "-b", kafka.bootstrapServers());

        assertThat(table.exitCode()).as(table.out()).isZero();
        assertThat(table.out()).contains("Quorum      3 of 3 voter(s) caught up within 30s, majority 2: tolerates 1 more voter failure(s)",
                "NodeId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status");
        assertThat(table.out()).containsPattern("\\n  " + leader + " .* Leader\\n");
        JsonNode quorum = new ObjectMapper().readTree(Cli.run("status", "-b", kafka.bootstrapServers(), "-o", "json").out())
                .get("quorum");
        assertThat(quorum.get("leaderId").asInt()).isEqualTo(leader);
        assertThat(quorum.get("voters")).extracting(v -> v.get("nodeId").asInt())
                .containsExactlyInAnyOrderElementsOf(kafka.controllerIds());
        assertThat(quorum.get("voters")).allSatisfy(v -> {
            assertThat(v.get("caughtUp").asBoolean()).isTrue();
            assertThat(v.get("lastCaughtUpTimestamp").asLong()).isPositive();
            assertThat(v.has("logEndOffset") && v.has("lag") && v.has("lastFetchTimestamp")).isTrue();
        });
        assertThat(quorum.get("observers")).extracting(o -> o.get("nodeId").asInt()).containsExactlyElementsOf(kafka.brokerIds());
        assertThat(quorum.get("observers")).allSatisfy(o -> assertThat(o.get("status").asText()).isEqualTo("Observer"));
        assertThat(quorum.get("failuresTolerated").asInt()).isEqualTo(1);
    }

    @Test
    @Order(2)
    void stoppedVoterLeavesTheQuorumOneFailureFromLosingItsMajority(@TempDir Path dir) throws Exception {
        kafka.stopController(stopped);

        var settings = CheckSettings.defaults().withQuorumCatchUpTimeout(Duration.ofSeconds(2));
        try (var connection = KafkaConnection.open(ConnectionSettings.of(kafka.bootstrapServers(), null, Duration.ofSeconds(10)))) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                CycleResult result = new StatusService(connection, settings, Clock.systemUTC()).status(Set.of());
                assertThat(result.findings()).anySatisfy(f -> {
                    assertThat(f.key()).isEqualTo("quorum-majority-at-risk");
                    assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
                    assertThat(f.message()).contains("one voter failure from losing its majority", "2 of 3 voters caught up",
                            "not caught up: " + stopped + " not caught up for");
                });
                assertThat(result.findings()).extracting(Finding::key).contains("quorum-voter-lagging/voter=" + stopped);
                assertThat(result.quorum().lostVoters()).extracting(v -> v.nodeId()).containsExactly(stopped);
            });
        }

        Path yaml = Files.writeString(dir.resolve("w.yaml"), "checks: {quorum: {catch-up-timeout: 2s}}\naudit: {file: "
                + dir.resolve("audit.jsonl") + "}\nalerts: {silences-file: " + dir.resolve("s.json") + "}\n");
        Cli watch = Cli.run("watch", "-b", kafka.bootstrapServers(), "--config", yaml.toString(), "--once", "--dry-run");
        assertThat(watch.exitCode()).as(watch.out() + watch.err()).isEqualTo(2);
        assertThat(watch.out()).contains("CRITICAL KRaft quorum is one voter failure from losing its majority",
                "not caught up: " + stopped + " not caught up for", "WARNING  KRaft voter " + stopped + " not caught up for");
        Cli status = Cli.run("status", "-b", kafka.bootstrapServers());
        assertThat(status.out()).containsPattern("\\n  " + stopped + " .* Follower");
    }
}
