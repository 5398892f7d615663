package io.warden.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.kafka.ClusterProbe;
import io.warden.kafka.ProbeScope;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given three brokers and a topic replicated on all of them, when one broker stops, then the next
 * cycles report it down and its partitions under-replicated; when it starts again, both resolve.
 */
class BrokerFailureIT {

    static EmbeddedKafka kafka;
    static Admin admin;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.start(3, Map.of());
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("payments", 6, (short) 3)));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    @Test
    void stoppedBrokerIsReportedDownWithItsUnderReplicatedPartitionsAndResolvesOnRestart() {
        var settings = CheckSettings.defaults();
        ClusterProbe probe = new ClusterProbe(admin, Duration.ofSeconds(5), Clock.systemUTC());
        Monitor monitor = new Monitor(expected -> probe.collect(ProbeScope.everything(expected)),
                Checks.defaults(settings), new LagEvaluator(settings), 10, Set.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(monitor.runCycle().findings()).extracting(Finding::check)
                        .doesNotContain("broker-down", "under-replicated", "offline-partitions"));
        int victim = kafka.brokerIds().get(2);

        kafka.stopBroker(victim);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var findings = monitor.runCycle().findings();
            assertThat(findings).anySatisfy(f -> {
                assertThat(f.key()).isEqualTo("broker-down/broker=" + victim);
                assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            });
            assertThat(findings).anySatisfy(f -> {
                assertThat(f.key()).isEqualTo("under-replicated");
                assertThat(f.value()).isGreaterThanOrEqualTo(6);
            });
        });
        var down = monitor.history().latest();
        assertThat(down.cluster().missingBrokerIds()).containsExactly(victim);
        assertThat(down.topic("payments").orElseThrow().partitions())
                .allSatisfy(p -> assertThat(p.isr()).doesNotContain(victim).hasSize(2));

        kafka.startBroker(victim);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(monitor.runCycle().findings()).extracting(Finding::check)
                        .doesNotContain("broker-down", "under-replicated"));
        assertThat(monitor.history().latest().cluster().brokers()).hasSize(3);
    }
}
