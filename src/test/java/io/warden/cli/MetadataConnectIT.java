package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.connect.ConnectClient;
import io.warden.connect.ConnectSettings;
import io.warden.connect.EmbeddedConnect;
import io.warden.connect.FlakySourceConnector;
import io.warden.embedded.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a metadata backup that includes a Connect cluster's connectors, when a connector is
 * deleted and the backup restored with --connect-url, then the connector is created again with
 * its config, and a connector whose config was changed since is shown as a difference.
 */
class MetadataConnectIT {

    static EmbeddedKafka kafka;
    static EmbeddedConnect worker;
    static ConnectClient client;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.single();
        worker = EmbeddedConnect.start(kafka.bootstrapServers());
        client = new ConnectClient(ConnectSettings.of(List.of(worker.url()), Duration.ofSeconds(10)));
    }

    @AfterAll
    static void stop() {
        worker.close();
        kafka.close();
    }

    private static Map<String, String> config(String marker, String tasks) {
        return config(marker, tasks, "pw-in-the-backup");
    }

    /** With a credential, as JDBC connectors have: Connect hands it back in clear. */
    private static Map<String, String> config(String marker, String tasks, String password) {
        return Map.of("connector.class", FlakySourceConnector.class.getName(), "tasks.max", tasks,
                FlakySourceConnector.MARKER, marker, "connection.password", password);
    }

    @Test
    void aDeletedConnectorIsCreatedAgainAndAChangedOneIsShown() throws Exception {
        worker.configure("orders-src", config(dir.resolve("absent-1").toString(), "1"));
        worker.configure("audit-src", config(dir.resolve("absent-2").toString(), "1"));
        await().atMost(Duration.ofSeconds(20)).until(() -> client.connectorConfigs().keySet().containsAll(List.of("orders-src", "audit-src")));

        Path file = dir.resolve("metadata.json");
        Cli backup = Cli.run("backup", "metadata", "-b", kafka.bootstrapServers(), "--connect-url", worker.url(), "--to", file.toString());
        assertThat(backup.exitCode()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("2 connectors");

        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(worker.url() + "/connectors/orders-src")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        worker.configure("audit-src", config(dir.resolve("absent-2").toString(), "2", "pw-on-the-cluster"));
        await().atMost(Duration.ofSeconds(20)).until(() -> !client.connectorConfigs().containsKey("orders-src"));

        Cli plan = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(), "--connect-url", worker.url());
        Cli json = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(), "--connect-url", worker.url(),
                "-o", "json");
        for (Cli shown : List.of(plan, json)) {
            assertThat(shown.out()).as(shown.err()).contains("connector audit-src config connection.password: changed")
                    .doesNotContain("pw-in-the-backup", "pw-on-the-cluster");
            assertThat(shown.err()).doesNotContain("pw-in-the-backup", "pw-on-the-cluster");
        }

        Cli withoutUrl = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers());
        assertThat(withoutUrl.out()).contains("2 connectors in the backup; give --connect-url to restore them");

        Path auditConfig = java.nio.file.Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        Cli run = Cli.run("restore", "metadata", file.toString(), "-b", kafka.bootstrapServers(), "--connect-url", worker.url(),
                "--execute", "--config-file", auditConfig.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out()).contains("create connector orders-src", "differs: connector audit-src config tasks.max: backup 1, cluster 2");
        await().atMost(Duration.ofSeconds(20)).until(() -> client.connectorConfigs().containsKey("orders-src"));
        assertThat(client.connectorConfigs().get("orders-src")).containsEntry("connector.class", FlakySourceConnector.class.getName());
        assertThat(client.connectorConfigs().get("audit-src")).containsEntry("tasks.max", "2");
    }
}
