package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.audit.AuditReader;
import io.warden.embedded.ReadyTopics;
import io.warden.embedded.SecureKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a secure cluster (SASL_SSL and mTLS listeners, StandardAuthorizer denying by default) whose
 * last broker's certificate expires in 5 days, when the operator runs status, the daemon and the
 * compliance audit, then the short-lived certificate is a critical certificate-expiry finding with
 * its days left, the TLS listeners pass encryption in transit, and a weakened PHI setup fails
 * exactly the checks it breaks.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecureComplianceIT {

    static SecureKafka kafka;
    static Path commandConfig;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = SecureKafka.start(3);
        commandConfig = kafka.writeCommandConfig(kafka.adminProperties());
        ReadyTopics.create(kafka.admin(), List.of(new NewTopic("patient.records", 3, (short) 3).configs(Map.of(
                "min.insync.replicas", "2", "retention.ms", Long.toString(Duration.ofDays(30).toMillis())))));
        kafka.createUser("app", "app-pass");
        kafka.grant(SecureKafka.allow("app", new ResourcePattern(ResourceType.TOPIC, "patient.records", PatternType.LITERAL),
                AclOperation.WRITE, AclOperation.DESCRIBE));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static String shortLivedAddress() {
        return kafka.saslSslAddress(kafka.shortLivedBroker());
    }

    private static Instant shortLivedNotAfter() {
        return kafka.brokerCertificateNotAfter().get(kafka.shortLivedBroker());
    }

    private static long daysLeft(Instant at) {
        return Math.floorDiv(Duration.between(at, shortLivedNotAfter()).toSeconds(), 86_400L);
    }

    @Test
    @Order(1)
    void statusShowsTheShortLivedCertificateAsCriticalWithItsDaysLeft() throws Exception {
        Cli cli = Cli.run("status", "-b", kafka.saslSslBootstrap(), "--command-config", commandConfig.toString(), "-o", "json");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(2);
        JsonNode json = JSON.readTree(cli.out());
        Instant takenAt = Instant.parse(json.get("takenAt").asText());
        JsonNode finding = null;
        for (JsonNode f : json.get("findings")) {
            if (f.get("key").asText().equals("certificate-expiry/" + shortLivedAddress())) {
                finding = f;
            }
        }
        assertThat(finding).as(cli.out()).isNotNull();
        assertThat(finding.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(finding.get("value").asLong()).isEqualTo(daysLeft(takenAt)).isBetween(4L, 5L);
        assertThat(finding.get("evidence").get("notAfter").asText()).isEqualTo(shortLivedNotAfter().toString());
        assertThat(finding.get("evidence").get("subject").asText()).contains("broker-" + kafka.shortLivedBroker());
        // the other brokers' certificates are valid for a year: no finding
        for (int id : kafka.brokerIds()) {
            if (id != kafka.shortLivedBroker()) {
                assertThat(cli.out()).doesNotContain("certificate-expiry/" + kafka.saslSslAddress(id));
            }
        }
        assertThat(json.get("certificates").toString()).contains(shortLivedAddress());

        Cli table = Cli.run("status", "-b", kafka.saslSslBootstrap(), "--command-config", commandConfig.toString());
        assertThat(table.out()).contains("Certificates").containsPattern("CRITICAL +certificate of broker "
                + kafka.shortLivedBroker() + " listener SASL_SSL at " + shortLivedAddress() + " expires in [45] day");
    }

    @Test
    @Order(1)
    void verifyFailsItsCertificatesLineOnTheShortLivedCertificate() throws Exception {
        Cli cli = Cli.run("verify", "-b", kafka.saslSslBootstrap(), "--command-config", commandConfig.toString(), "-o", "json");

        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isEqualTo(2);
        JsonNode line = null;
        for (JsonNode c : JSON.readTree(cli.out()).get("checks")) {
            line = c.get("name").asText().equals("certificates") ? c : line;
        }
        assertThat(line).as(cli.out()).isNotNull();
        assertThat(line.get("status").asText()).isEqualTo("FAIL");
        assertThat(line.get("evidence").asText()).contains("certificate of broker " + kafka.shortLivedBroker() + " listener SASL_SSL at "
                + shortLivedAddress() + " expires in");
    }

    @Test
    @Order(2)
    void theDaemonRaisesAndAlertsTheCriticalCertificateExpiry() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Path yaml = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + audit + "}\nalerts: {silences-file: "
                + dir.resolve("s.json") + "}\nhttp: {port: -1}\n");

        Cli cli = Cli.run("watch", "-b", kafka.saslSslBootstrap(), "--command-config", commandConfig.toString(),
                "--config", yaml.toString(), "--once", "--dry-run");

        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isEqualTo(2);
        var events = AuditReader.read(audit, AuditReader.all()).events();
        String key = "certificate-expiry/" + shortLivedAddress();
        var raised = events.stream().filter(e -> e.type().equals("finding.raised") && e.key().equals(key)).findFirst().orElseThrow();
        assertThat(raised.data().get("severity")).isEqualTo("CRITICAL");
        @SuppressWarnings("unchecked")
        Map<String, Object> evidence = (Map<String, Object>) raised.data().get("evidence");
        assertThat(((Number) evidence.get("daysLeft")).longValue()).isEqualTo(daysLeft(raised.time()));
        assertThat(evidence.get("notAfter")).isEqualTo(shortLivedNotAfter().toString());
        assertThat(events).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo("alert.fired");
            assertThat(e.key()).isEqualTo(key);
        });
    }

    private Map<String, String> audit(String... extra) throws Exception {
        Path trail = Files.writeString(dir.resolve("warden-audit.jsonl"), "{}\n");
        Path yaml = Files.writeString(dir.resolve("audit.yaml"), "audit: {file: " + trail + "}\n");
        List<String> args = new java.util.ArrayList<>(List.of("audit", "compliance", "-b", kafka.saslSslBootstrap(),
                "--command-config", commandConfig.toString(), "--config", yaml.toString(), "--phi-topics", "patient\\..*",
                "--max-retention", "90d", "-o", "json"));
        args.addAll(List.of(extra));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isEqualTo(2);
        Map<String, String> statuses = new LinkedHashMap<>();
        JSON.readTree(cli.out()).get("checks").forEach(c -> statuses.put(c.get("name").asText(), c.get("status").asText()));
        return statuses;
    }

    /**
     * What the secure cluster itself gets: its TLS listeners pass encryption; the test kit's
     * PLAINTEXT listener between the nodes is bound to localhost (no data leaves the host) but lets
     * any local process in as User:ANONYMOUS, a super user, so authentication fails; Kafka hides
     * allow.everyone.if.no.acl.found, so deny-by-default is unknown; the 5-day certificate fails.
     */
    static final Map<String, String> SECURE = Map.of(
            "encryption-in-transit", "PASS", "authentication-required", "FAIL", "authorizer-deny-by-default", "UNKNOWN",
            "acl-review", "PASS", "phi-retention", "PASS", "phi-replication", "PASS", "phi-unclean-leader-election", "PASS",
            "phi-access", "PASS", "certificates", "FAIL", "audit-trail", "PASS");

    @Test
    @Order(3)
    void theSecureClusterPassesEncryptionAndThePhiChecks() throws Exception {
        assertThat(audit()).containsExactlyInAnyOrderEntriesOf(SECURE);
    }

    /**
     * A user without rights on the cluster may read neither the brokers' configs nor the ACLs:
     * those checks are UNKNOWN with the broker's refusal, never a pass, and the exit code is 3.
     */
    @Test
    @Order(4)
    void whatTheAuditorMayNotReadIsUnknownWithTheReason() throws Exception {
        kafka.createUser("auditor", "auditor-pass");
        Path config = kafka.commandConfig("auditor", "auditor-pass", SecureKafka.SCRAM_SHA_512);
        // windows the 5-day certificate passes, so that nothing fails and the unknowns decide the exit code
        Path yaml = Files.writeString(dir.resolve("lenient.yaml"), "checks: {certificates: {warning-days: 2, critical-days: 1}}\n"
                + "audit: {file: " + Files.writeString(dir.resolve("trail.jsonl"), "{}\n") + "}\n");

        Cli cli = Cli.run("audit", "compliance", "-b", kafka.saslSslBootstrap(), "--command-config", config.toString(),
                "--config", yaml.toString(), "-o", "json");

        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isEqualTo(3);
        Map<String, JsonNode> checks = new LinkedHashMap<>();
        JSON.readTree(cli.out()).get("checks").forEach(c -> checks.put(c.get("name").asText(), c));
        assertThat(checks.keySet()).containsExactly("encryption-in-transit", "authentication-required", "authorizer-deny-by-default",
                "acl-review", "certificates", "audit-trail");
        for (String unknown : List.of("encryption-in-transit", "authentication-required", "authorizer-deny-by-default", "acl-review")) {
            assertThat(checks.get(unknown).get("status").asText()).as(unknown).isEqualTo("UNKNOWN");
            assertThat(checks.get(unknown).get("summary").asText()).as(unknown).contains(" needs DESCRIBE");
        }
        assertThat(checks.get("certificates").get("status").asText()).isEqualTo("PASS");
        assertThat(checks.get("audit-trail").get("status").asText()).isEqualTo("PASS");
    }

    @Test
    @Order(5)
    void aWeakenedPhiSetupFailsExactlyTheChecksItBreaks() throws Exception {
        ReadyTopics.create(kafka.admin(), List.of(new NewTopic("patient.scratch", 1, (short) 1).configs(Map.of(
                "retention.ms", "-1", "unclean.leader.election.enable", "true"))));
        kafka.grant(List.of(new org.apache.kafka.common.acl.AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "patient.records", PatternType.LITERAL),
                new org.apache.kafka.common.acl.AccessControlEntry("User:*", "*", AclOperation.READ,
                        org.apache.kafka.common.acl.AclPermissionType.ALLOW))));

        Map<String, String> expected = new LinkedHashMap<>(SECURE);
        expected.putAll(Map.of("acl-review", "FAIL", "phi-retention", "FAIL", "phi-replication", "FAIL",
                "phi-unclean-leader-election", "FAIL"));
        assertThat(audit()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    /**
     * Given a user granted READ on a PHI topic whose consumer group has read it, and a group that
     * read another PHI topic as the super user, when the auditor runs the audit, then the report
     * lists per PHI topic the user's grant and the group, and PHI access warns of the super user's group.
     */
    @Test
    @Order(6)
    void theReportListsWhoMayReadEachPhiTopicAndTheGroupsThatReadIt() throws Exception {
        kafka.createUser("ward", "ward-pass");
        kafka.grant(SecureKafka.allow("ward", new ResourcePattern(ResourceType.TOPIC, "patient.records", PatternType.LITERAL),
                AclOperation.READ));
        kafka.grant(SecureKafka.allow("ward", new ResourcePattern(ResourceType.GROUP, "ward-", PatternType.PREFIXED),
                AclOperation.READ));
        Properties props = kafka.clientProperties("ward", "ward-pass", SecureKafka.SCRAM_SHA_512);
        props.put("group.id", "ward-reader");
        props.put("enable.auto.commit", "false");
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("patient.records"));
            Awaitility.await("ward-reader assigned").atMost(Duration.ofSeconds(30))
                    .until(() -> !consumer.poll(Duration.ofMillis(100)).isEmpty() || !consumer.assignment().isEmpty());
            Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
            consumer.assignment().forEach(tp -> positions.put(tp, new OffsetAndMetadata(consumer.position(tp))));
            consumer.commitSync(positions);
        }
        // a group that read PHI as the super user: no ACL records who it is
        kafka.admin().alterConsumerGroupOffsets("admin-peek", Map.of(new TopicPartition("patient.scratch", 0),
                new OffsetAndMetadata(0))).all().get();
        Path reports = dir.resolve("reports");

        Cli cli = Cli.run("audit", "compliance", "-b", kafka.saslSslBootstrap(), "--command-config", commandConfig.toString(),
                "--phi-topics", "patient\\..*", "--report-dir", reports.toString(), "-o", "json");

        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isEqualTo(2);
        JsonNode report = JSON.readTree(cli.out());
        JsonNode access = null;
        for (JsonNode c : report.get("checks")) {
            access = c.get("name").asText().equals("phi-access") ? c : access;
        }
        assertThat(access).as(cli.out()).isNotNull();
        assertThat(access.get("status").asText()).isEqualTo("WARN");
        assertThat(access.get("evidence").get(0).asText()).startsWith("patient.scratch is read by group(s) [admin-peek (classic)], "
                + "but no ACL grants READ on it to anyone but the super users (super.users is set in server.properties, which Kafka "
                + "does not reveal): they read it as a super user");
        assertThat(access.get("evidence").toString()).contains("patient.records: read by group(s) [ward-reader (classic)]; "
                + "READ granted to [User:* (LITERAL 'patient.records', host *), User:ward (LITERAL 'patient.records', host *)]");
        JsonNode inventory = report.get("phiAccess");
        assertThat(inventory.get("aclsUnknown").isNull()).isTrue();
        assertThat(inventory.get("groupsUnknown").isNull()).isTrue();
        Map<String, JsonNode> topics = new LinkedHashMap<>();
        inventory.get("topics").forEach(t -> topics.put(t.get("name").asText(), t));
        assertThat(topics).containsOnlyKeys("patient.records", "patient.scratch");
        JsonNode records = topics.get("patient.records");
        assertThat(records.get("allowed").get("READ").toString()).contains("User:ward (LITERAL 'patient.records', host *)");
        assertThat(records.get("allowed").get("WRITE").toString()).contains("User:app (LITERAL 'patient.records', host *)");
        assertThat(records.get("readBy")).hasSize(1);
        assertThat(records.get("readBy").get(0).get("group").asText()).isEqualTo("ward-reader");
        assertThat(records.get("readBy").get(0).get("type").asText()).isEqualTo("CLASSIC");
        assertThat(topics.get("patient.scratch").get("allowed").size()).isZero();
        assertThat(topics.get("patient.scratch").get("readBy").get(0).get("group").asText()).isEqualTo("admin-peek");

        try (var files = Files.list(reports)) {
            String md = Files.readString(files.filter(f -> f.toString().endsWith(".md")).findFirst().orElseThrow());
            assertThat(md).contains("## PHI access inventory")
                    .containsPattern("\\| patient\\.records \\| [^|]*READ: User:\\* [^|]*User:ward \\(LITERAL 'patient.records', host \\*\\)"
                            + "[^|]* \\| none \\| ward-reader \\(CLASSIC, EMPTY\\) \\|")
                    .contains("| patient.scratch | none (super users only) | none | admin-peek (CLASSIC, EMPTY) |");
        }
    }

    /**
     * The same audit run by the application's user, who may read its own group and topic but not
     * the ACLs nor every group: the inventory's ACLs and groups are UNKNOWN with the reasons, and so
     * is PHI access, never a pass.
     */
    @Test
    @Order(7)
    void whoReadsPhiIsUnknownWhenTheAclsAndGroupsCannotAllBeRead() throws Exception {
        Path config = kafka.commandConfig("ward", "ward-pass", SecureKafka.SCRAM_SHA_512);

        Cli cli = Cli.run("audit", "compliance", "-b", kafka.saslSslBootstrap(), "--command-config", config.toString(),
                "--phi-topics", "patient\\..*", "-o", "json");

        JsonNode report = JSON.readTree(cli.out());
        JsonNode access = null;
        for (JsonNode c : report.get("checks")) {
            access = c.get("name").asText().equals("phi-access") ? c : access;
        }
        assertThat(access).as(cli.err() + cli.out()).isNotNull();
        assertThat(access.get("status").asText()).isEqualTo("UNKNOWN");
        assertThat(access.get("evidence").toString()).contains("patient.records: read by group(s) [ward-reader (classic)]; who may "
                + "read it is unknown: the ACLs could not be read").contains("the listing leaves out the groups Warden's principal may not DESCRIBE");
        JsonNode inventory = report.get("phiAccess");
        assertThat(inventory.get("aclsUnknown").asText()).contains("reading the ACLs needs DESCRIBE on the cluster: kafka-acls");
        assertThat(inventory.get("groupsUnknown").asText()).contains("principal may not DESCRIBE: kafka-acls", "--allow-principal User:ward");
        assertThat(cli.out()).doesNotContain("admin-peek");
    }
}
