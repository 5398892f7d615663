package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.connect.ConnectClient;
import io.warden.connect.ConnectSettings;
import io.warden.connect.EmbeddedConnect;
import io.warden.connect.FlakySourceConnector;
import io.warden.embedded.EmbeddedKafka;
import io.warden.schemaregistry.ApicurioRegistry;
import io.warden.schemaregistry.SchemaRegistryClient;
import io.warden.schemaregistry.SchemaRegistrySettings;
import io.warden.schemaregistry.SchemaVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a primary and a DR side, each with a real Schema Registry (Apicurio) and a real Connect
 * worker, when the DR side lacks a subject and a connector, has an older schema and a connector
 * with another password, then dr parity lists each difference, never shows the password, and
 * exits 1; two identical sides exit 0.
 */
class DrParityIT {

    static CompletableFuture<ApicurioRegistry> startingPrimary;
    static CompletableFuture<ApicurioRegistry> startingDr;
    static ApicurioRegistry primaryRegistry;
    static ApicurioRegistry drRegistry;
    static EmbeddedKafka kafka;
    static EmbeddedConnect primaryConnect;
    static EmbeddedConnect drConnect;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        startingPrimary = ApicurioRegistry.startAsync();
        startingDr = ApicurioRegistry.startAsync();
        kafka = EmbeddedKafka.single();
        // two Connect clusters (own group and internal topics) on one broker: what parity compares is their REST answers
        primaryConnect = EmbeddedConnect.start(kafka.bootstrapServers());
        drConnect = EmbeddedConnect.start(kafka.bootstrapServers());
        primaryRegistry = startingPrimary.join();
        drRegistry = startingDr.join();

        SchemaRegistryClient primary = client(primaryRegistry);
        SchemaRegistryClient dr = client(drRegistry);
        primary.register("orders-value", avro(order()), false);
        primary.register("orders-value", avro(order("quantity")), false);
        primary.register("payments-value", avro(order()), false);
        primary.setCompatibility("orders-value", "FULL");
        dr.register("orders-value", avro(order()), false);

        primaryConnect.configure("orders-src", connector("pw-primary-1234"));
        primaryConnect.configure("audit-src", connector("pw-audit-1234"));
        drConnect.configure("orders-src", connector("pw-dr-5678"));
        await().atMost(Duration.ofSeconds(20)).until(() -> connectors(primaryConnect).size() == 2 && connectors(drConnect).size() == 1);
    }

    @AfterAll
    static void stop() {
        for (var starting : List.of(startingPrimary, startingDr)) {
            starting.thenAccept(ApicurioRegistry::close).exceptionally(e -> null).join();
        }
        for (AutoCloseable c : new AutoCloseable[] {primaryConnect, drConnect, kafka}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }

    static SchemaRegistryClient client(ApicurioRegistry r) {
        return new SchemaRegistryClient(SchemaRegistrySettings.of(List.of(r.url()), null, null, Duration.ofSeconds(10)));
    }

    static Map<String, Map<String, String>> connectors(EmbeddedConnect c) throws InterruptedException {
        return new ConnectClient(ConnectSettings.of(List.of(c.url()), Duration.ofSeconds(10))).connectorConfigs();
    }

    static Map<String, String> connector(String password) {
        return Map.of("connector.class", FlakySourceConnector.class.getName(), "tasks.max", "1",
                FlakySourceConnector.MARKER, dir.resolve("absent").toString(), "connection.password", password);
    }

    static String order(String... extraFields) {
        StringBuilder fields = new StringBuilder("{\"name\":\"id\",\"type\":\"string\"}");
        for (String f : extraFields) {
            fields.append(",{\"name\":\"").append(f).append("\",\"type\":\"int\",\"default\":0}");
        }
        return "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[" + fields + "]}";
    }

    static SchemaVersion avro(String schema) {
        return new SchemaVersion(0, 0, "AVRO", schema, List.of());
    }

    private static List<String> args(String... more) {
        List<String> args = new ArrayList<>(List.of("dr", "parity", "--source-schema-registry-url", primaryRegistry.url(),
                "--target-schema-registry-url", drRegistry.url(), "--source-connect-url", primaryConnect.url(),
                "--target-connect-url", drConnect.url()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void everyDifferenceIsListedWithoutTheSecretsAndExitsOne() throws Exception {
        Cli table = Cli.run(args().toArray(String[]::new));
        Cli json = Cli.run(args("-o", "json").toArray(String[]::new));

        assertThat(table.exitCode()).as(table.out() + table.err()).isEqualTo(1);
        assertThat(table.out()).contains("2 subjects compared", "2 connectors compared", "payments-value", "missing on DR",
                "latest version", "latest schema", "compatibility", "audit-src", "config connection.password", "changed");
        assertThat(json.exitCode()).isEqualTo(1);
        for (Cli shown : List.of(table, json)) {
            assertThat(shown.out() + shown.err()).doesNotContain("pw-primary-1234", "pw-audit-1234", "pw-dr-5678");
        }
        JsonNode r = new ObjectMapper().readTree(json.out());
        List<String> found = new ArrayList<>();
        r.get("differences").forEach(d -> found.add(d.get("area").asText() + " " + d.get("name").asText() + " " + d.get("what").asText()));
        assertThat(found).containsExactly(
                "schema-registry orders-value latest version",
                "schema-registry orders-value latest schema",
                "schema-registry orders-value compatibility",
                "schema-registry payments-value missing on DR",
                "connect audit-src missing on DR",
                "connect orders-src config connection.password");
    }

    @Test
    void theSameSidesAreParityAndTheDrillConfigSectionsAreRead() throws Exception {
        Cli same = Cli.run("dr", "parity", "--source-schema-registry-url", primaryRegistry.url(), "--target-schema-registry-url",
                primaryRegistry.url(), "--source-connect-url", drConnect.url(), "--target-connect-url", drConnect.url());
        assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
        assertThat(same.out()).contains("Parity: the same");

        Path config = Files.writeString(dir.resolve("warden.yaml"), String.join("\n",
                "cluster:",
                "  bootstrap-servers: " + kafka.bootstrapServers(),
                "  schema-registry: {urls: [\"" + primaryRegistry.url() + "\"]}",
                "  dr:",
                "    target:",
                "      bootstrap-servers: " + kafka.bootstrapServers(),
                "      schema-registry: {urls: [\"" + drRegistry.url() + "\"]}",
                ""));
        Cli fromConfig = Cli.run("dr", "parity", "--config", config.toString());
        assertThat(fromConfig.exitCode()).as(fromConfig.out() + fromConfig.err()).isEqualTo(1);
        assertThat(fromConfig.out()).contains("payments-value", "Connect: not compared");

        Cli nothing = Cli.run("dr", "parity");
        assertThat(nothing.exitCode()).isEqualTo(64);
        assertThat(nothing.err().strip()).doesNotContain("\n").contains("--source-schema-registry-url");
    }
}
