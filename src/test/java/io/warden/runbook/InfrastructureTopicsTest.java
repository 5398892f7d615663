package io.warden.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InfrastructureTopicsTest {

    static final InfrastructureTopics CLUSTER = InfrastructureTopics.of(
            List.of("orders", "primary.heartbeats", "west.checkpoints.internal", "primary.orders", "west.payments"),
            Map.of("billing-connect-configs", "Kafka Connect's storage topic (config.storage.topic in w.properties)"));

    @ParameterizedTest
    @ValueSource(strings = {"__consumer_offsets", "__warden_canary", ".hidden", "_schemas", "_confluent-license",
        "connect-configs", "connect-offsets", "connect-status", "billing-connect-configs",
        "app-store-changelog", "app-KSTREAM-AGGREGATE-0000000003-repartition", "app-KTABLE-FK-JOIN-subscription-registration-topic",
        "mm2-configs.primary.internal", "mm2-offset-syncs.dr.internal", "west.checkpoints.internal", "connect-cluster-internal",
        "heartbeats", "primary.heartbeats", "a.b.heartbeats", "primary.orders", "west.payments"})
    void theTopicsOtherSystemsKeepTheirStateInHaveAReason(String topic) {
        assertThat(CLUSTER.reason(topic, "delete")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders", "orders.DLT", "connect-configs-backup", "changelog-reader", "east.orders",
        "heartbeat", "payments_v2"})
    void ordinaryTopicsHaveNone(String topic) {
        assertThat(CLUSTER.reason(topic, "delete")).isNull();
    }

    @Test
    void aCompactedTopicOrOneWhosePolicyIsUnknownIsNeverOrdinary() {
        assertThat(CLUSTER.reason("customers", "compact")).contains("compacted");
        assertThat(CLUSTER.reason("customers", "compact,delete")).contains("compacted");
        assertThat(CLUSTER.reason("customers", null)).contains("could not be read");
        // a topic that does not exist has no policy: its name alone decides
        assertThat(CLUSTER.reasonByName("customers")).isNull();
        assertThat(CLUSTER.reasonByName("_schemas")).isNotNull();
    }

    @Test
    void aConnectWorkersStorageTopicsAreReadFromItsPropertiesFile(@TempDir Path dir) throws Exception {
        Path worker = Files.writeString(dir.resolve("worker.properties"), """
                bootstrap.servers=kafka1:9092
                group.id=billing
                config.storage.topic=billing-configs
                offset.storage.topic = billing-offsets
                status.storage.topic=billing-status
                """);

        assertThat(InfrastructureTopics.connectWorker(worker)).containsOnlyKeys("billing-configs", "billing-offsets", "billing-status")
                .hasEntrySatisfying("billing-offsets", why -> assertThat(why).contains("offset.storage.topic", worker.toString()));
    }

    @Test
    void aWorkerFileThatNamesNoStorageTopicOrIsMissingIsRefused(@TempDir Path dir) throws Exception {
        Path standalone = Files.writeString(dir.resolve("standalone.properties"), "offset.storage.file.filename=/tmp/o\n");

        assertThatThrownBy(() -> InfrastructureTopics.connectWorker(standalone)).isInstanceOf(WardenException.class)
                .hasMessageContaining("names none of config.storage.topic")
                .extracting(e -> ((WardenException) e).exitCode()).isEqualTo(WardenException.DATA);
        assertThatThrownBy(() -> InfrastructureTopics.connectWorker(dir.resolve("nope.properties")))
                .isInstanceOf(WardenException.class).hasMessageContaining("does not exist")
                .extracting(e -> ((WardenException) e).exitCode()).isEqualTo(WardenException.NO_INPUT);
    }
}
