package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a PLAINTEXT cluster reachable from other hosts, without an authorizer, and a PHI topic with one replica, when the
 * operator runs {@code warden audit compliance --profile hipaa}, then encryption, authentication,
 * authorization and the PHI topic's replication fail, the report is written as Markdown and JSON
 * naming the cluster, and the exit code is 2.
 */
class AuditCompliancePlaintextIT {

    static EmbeddedKafka kafka;
    static String clusterId;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        // bound to every interface, as a broker other hosts use is
        kafka = EmbeddedKafka.start(1, Map.of("listeners", "EXTERNAL://0.0.0.0:0,CONTROLLER://localhost:0",
                "advertised.listeners", "EXTERNAL://localhost:0"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("patient.events", 1, (short) 1)));
            clusterId = admin.describeCluster().clusterId().get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void aPlaintextClusterFailsEncryptionAuthenticationAuthorizationAndThePhiTopicsReplication() throws Exception {
        Path reports = dir.resolve("reports");
        Cli cli = Cli.run("audit", "compliance", "-b", kafka.bootstrapServers(), "--profile", "hipaa", "--report-dir",
                reports.toString(), "-o", "json");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        JsonNode report = new ObjectMapper().readTree(cli.out());
        Map<String, String> statuses = new LinkedHashMap<>();
        report.get("checks").forEach(c -> statuses.put(c.get("name").asText(), c.get("status").asText()));
        assertThat(statuses).containsExactlyEntriesOf(Map.of(
                "encryption-in-transit", "FAIL", "authentication-required", "FAIL", "authorizer-deny-by-default", "FAIL",
                "acl-review", "UNKNOWN", "phi-retention", "PASS", "phi-replication", "FAIL", "phi-unclean-leader-election", "PASS",
                "phi-access", "PASS", "certificates", "WARN", "audit-trail", "UNKNOWN").entrySet().stream()
                .sorted(java.util.Comparator.comparingInt(e -> List.of("encryption-in-transit", "authentication-required",
                        "authorizer-deny-by-default", "acl-review", "phi-retention", "phi-replication", "phi-unclean-leader-election",
                        "phi-access", "certificates", "audit-trail").indexOf(e.getKey())))
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        assertThat(report.get("clusterId").asText()).isEqualTo(clusterId);

        try (var files = Files.list(reports)) {
            List<Path> written = files.sorted().toList();
            assertThat(written).hasSize(2);
            assertThat(written.get(0).getFileName().toString()).startsWith("compliance-" + clusterId + "-").endsWith(".json");
            String md = Files.readString(written.get(1));
            assertThat(md).contains("# Kafka compliance audit: FAIL").contains(clusterId).contains(kafka.bootstrapServers())
                    .contains("| encryption-in-transit | FAIL |").contains("patient.events: replication factor 1");
        }
        assertThat(cli.err()).contains("Report written to");
    }

    /**
     * With --config: the HTTPS Connect URL of its cluster is read like a broker listener and judged
     * by its checks.certificates windows, and its audit trail (not written yet) is a warning.
     */
    @Test
    void theConfigsConnectCertificateWindowsAndAuditTrailAreJudged() throws Exception {
        var ca = io.warden.embedded.TestCertificates.newAuthority(dir.resolve("tls"), "Connect CA", "store-pass-123");
        ca.issue(List.of(new io.warden.embedded.TestCertificates.Request("connect", "connect-1", 40)));
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        var keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        var store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(ca.keystore("connect"))) {
            store.load(in, ca.password().toCharArray());
        }
        keys.init(store, ca.password().toCharArray());
        context.init(keys.getKeyManagers(), null, null);
        try (var server = context.getServerSocketFactory().createServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try (var socket = (javax.net.ssl.SSLSocket) server.accept()) {
                        socket.setSoTimeout(5_000);
                        socket.startHandshake();
                    } catch (java.io.IOException closedOrRefused) {
                        // the reader hangs up after the handshake
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            Path yaml = Files.writeString(dir.resolve("w.yaml"), """
                    cluster:
                      connect: {urls: ['https://localhost:%d']}
                    audit: {file: %s}
                    checks:
                      certificates: {warning-days: 60, critical-days: 2}
                    """.formatted(server.getLocalPort(), dir.resolve("trail.jsonl")));

            Cli cli = Cli.run("audit", "compliance", "-b", kafka.bootstrapServers(), "--config", yaml.toString(), "-o", "json");

            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
            JsonNode certificates = null;
            JsonNode trail = null;
            for (JsonNode c : new ObjectMapper().readTree(cli.out()).get("checks")) {
                certificates = c.get("name").asText().equals("certificates") ? c : certificates;
                trail = c.get("name").asText().equals("audit-trail") ? c : trail;
            }
            assertThat(certificates.get("status").asText()).isEqualTo("WARN");
            assertThat(certificates.get("evidence").get(0).asText()).startsWith("connect at localhost:" + server.getLocalPort()
                    + ": CN=connect-1, issued by CN=Connect CA").contains("(39 days left)");
            assertThat(trail.get("status").asText()).isEqualTo("WARN");
            assertThat(trail.get("summary").asText()).contains("not been written yet");
        }
    }

    @Test
    void theTableNamesEachCheckAndTheEvidenceOfWhatFailed() {
        Cli cli = Cli.run("audit", "compliance", "-b", kafka.bootstrapServers(), "--phi-topics", "patient\\..*",
                "--max-retention", "1d");
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.out()).containsPattern("FAIL +encryption-in-transit").containsPattern("FAIL +phi-retention")
                .contains("patient.events: keeps data 7d 0h").contains("Compliance: FAIL")
                .contains("PHI access:\n  ACLs UNKNOWN: no authorizer is configured on the brokers",
                        "  - patient.events: no ACL allows anything; read by no group");
    }
}
