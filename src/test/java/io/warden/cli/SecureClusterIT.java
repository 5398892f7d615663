package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.ReadyTopics;
import io.warden.embedded.SecureKafka;
import io.warden.embedded.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a cluster with SASL_SSL, mTLS and ACLs: a login Kafka refuses is one line saying which
 * setting to fix, and a principal the ACLs restrict is told what it lacks instead of being shown
 * an empty cluster or lag without its seconds.
 */
class SecureClusterIT {

    static SecureKafka kafka;
    static String bootstrap;

    @TempDir
    static Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = SecureKafka.start();
        bootstrap = kafka.saslSslBootstrap();
        ReadyTopics.create(kafka.admin(), List.of(new NewTopic("jobs", 2, (short) 2)));
        try (var producer = new KafkaProducer<>(kafka.adminProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("jobs", i % 2, "k" + i, "v" + i));
            }
            producer.flush();
        }
        kafka.admin().alterConsumerGroupOffsets("billing", Map.of(
                new TopicPartition("jobs", 0), new OffsetAndMetadata(3),
                new TopicPartition("jobs", 1), new OffsetAndMetadata(4))).all().get();
        kafka.createUser("nobody", "nobody-pass");
        kafka.createUser("bob", "bob-pass");
        var acls = new ArrayList<>(SecureKafka.allow("bob", new ResourcePattern(ResourceType.TOPIC, "jobs", PatternType.LITERAL),
                AclOperation.DESCRIBE));
        acls.addAll(SecureKafka.allow("bob", new ResourcePattern(ResourceType.GROUP, "billing", PatternType.LITERAL),
                AclOperation.DESCRIBE));
        kafka.grant(acls);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static Path topicsFile() {
        try {
            return java.nio.file.Files.writeString(dir.resolve("topics.yaml"),
                    "topics:\n  - name: jobs\n    partitions: 2\n    replication-factor: 2\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Cli as(String user, String password, String mechanism, String... args) {
        var all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--bootstrap-server", bootstrap, "--command-config",
                kafka.commandConfig(user, password, mechanism).toString(), "--timeout", "10s"));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheMechanismAndTheSetting() {
        for (String mechanism : SecureKafka.MECHANISMS) {
            Cli cli = as("bob", "not-bobs-password", mechanism, "status");

            assertThat(cli.exitCode()).as(cli.err()).isEqualTo(69);
            assertThat(cli.err().strip()).isEqualTo("warden: authentication failed for mechanism " + mechanism + " at "
                    + bootstrap + ": wrong user name or password (check sasl.jaas.config in --command-config)");
            assertThat(cli.err()).doesNotContain("not-bobs-password");
        }
    }

    @Test
    void anUntrustedBrokerCertificateSaysWhichTruststoreToSet() throws Exception {
        var otherCa = TestCertificates.newAuthority(dir.resolve("other-ca"), "Some Other CA", "other-pass");
        otherCa.issue(List.of());
        Properties props = kafka.clientProperties("bob", "bob-pass", SecureKafka.SCRAM_SHA_512);
        props.put("ssl.truststore.location", otherCa.truststore().toString());
        props.put("ssl.truststore.password", otherCa.password());

        Cli cli = Cli.run("status", "--bootstrap-server", bootstrap, "--command-config",
                kafka.writeCommandConfig(props).toString(), "--timeout", "10s");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(69);
        assertThat(cli.err().strip()).isEqualTo("warden: TLS handshake at " + bootstrap + " failed: the broker's certificate "
                + "is not signed by a CA in the truststore (set ssl.truststore.location in --command-config to a truststore "
                + "holding the CA that signed the brokers' certificates)");
    }

    @Test
    void anMtlsListenerWithoutAClientCertificateSaysWhichKeystoreToSet() {
        Properties props = kafka.mtlsClientProperties("alice");
        props.remove("ssl.keystore.location");
        props.remove("ssl.keystore.password");
        props.remove("ssl.key.password");
        props.remove("ssl.keystore.type");

        Cli cli = Cli.run("status", "--bootstrap-server", kafka.mtlsBootstrap(), "--command-config",
                kafka.writeCommandConfig(props).toString(), "--timeout", "10s");

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(69);
        assertThat(cli.err().strip()).isEqualTo("warden: TLS handshake at " + kafka.mtlsBootstrap() + " failed: the broker "
                + "requires a client certificate (set ssl.keystore.location and ssl.keystore.password in --command-config)");
    }

    @Test
    void aPrincipalThatSeesNothingIsToldItMayLackDescribe() {
        Cli cli = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_256, "status");

        assertThat(cli.out()).as(cli.err()).contains("no topic is visible to User:nobody, which may lack DESCRIBE on topics "
                + "(an empty list does not mean the cluster has none): kafka-acls --bootstrap-server " + bootstrap
                + " --add --allow-principal User:nobody --operation Describe --topic '*'");
        assertThat(cli.exitCode()).isNotZero();

        Cli lag = as("nobody", "nobody-pass", SecureKafka.PLAIN, "lag");
        assertThat(lag.out()).as(lag.err()).doesNotContain("No consumer groups")
                .contains("no group is visible to User:nobody, which may lack DESCRIBE on groups (an empty list does not "
                        + "mean the cluster has none): kafka-acls --bootstrap-server " + bootstrap
                        + " --add --allow-principal User:nobody --operation Describe --group '*'");

        Cli named = as("nobody", "nobody-pass", SecureKafka.PLAIN, "lag", "--group", "billing");
        assertThat(named.exitCode()).as(named.out()).isEqualTo(69);
        assertThat(named.err().strip()).isEqualTo("warden: describing groups needs DESCRIBE on group billing: kafka-acls "
                + "--bootstrap-server " + bootstrap + " --add --allow-principal User:nobody --operation Describe --group billing");
    }

    @Test
    void everyRunbookCommandSaysWhatANobodyLacksInsteadOfShowingAnEmptyCluster() {
        String acls = "kafka-acls --bootstrap-server " + bootstrap + " --add --allow-principal User:nobody";
        String noTopic = "no topic is visible to User:nobody, which may lack DESCRIBE on topics (an empty list does not "
                + "mean the cluster has none): " + acls + " --operation Describe --topic '*'";

        Cli groups = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "groups", "list");
        assertThat(groups.err()).contains("warden: warning: no group is visible to User:nobody, which may lack DESCRIBE on "
                + "groups (an empty list does not mean the cluster has none): " + acls + " --operation Describe --group '*'");

        Cli describe = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "groups", "describe", "billing");
        assertThat(describe.exitCode()).isEqualTo(69);
        assertThat(describe.err()).contains("describing groups needs DESCRIBE on group billing: " + acls
                + " --operation Describe --group billing");

        Cli reset = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "groups", "reset-offsets", "-g", "billing",
                "-t", "jobs", "--to-earliest");
        assertThat(reset.exitCode()).isEqualTo(69);
        assertThat(reset.err().strip()).isEqualTo("warden: describing group 'billing' needs DESCRIBE on group billing: " + acls
                + " --operation Describe --group billing");

        Cli topics = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "topics", "list");
        assertThat(topics.err()).contains("warden: warning: " + noTopic);

        Cli topic = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "topics", "describe", "jobs");
        assertThat(topic.err().strip()).isEqualTo("warden: no such topic: jobs (or User:nobody may not DESCRIBE it: " + acls
                + " --operation Describe --topic jobs)");

        Cli cleanup = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "cleanup", "report");
        assertThat(cleanup.err()).contains("warden: warning: cleanup saw only the topics User:nobody may DESCRIBE; to see "
                + "every one: " + acls + " --operation Describe --topic '*'", "cleanup saw only the groups User:nobody");

        Cli backup = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "backup", "create", "--topics", "jobs",
                "--to", dir.resolve("backup").toString());
        assertThat(backup.err().strip()).isEqualTo("warden: no topic matches --topics 'jobs' (" + noTopic + ")");

        Cli metadata = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "backup", "metadata",
                "--to", dir.resolve("metadata.json").toString());
        assertThat(metadata.exitCode()).isEqualTo(69);
        assertThat(metadata.err().strip()).isEqualTo("warden: warden backup metadata needs DESCRIBE on the cluster: " + acls
                + " --operation Describe --cluster");

        Cli watch = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "watch", "--once");
        // critical only because one broker's certificate expires in 5 days; the refusals are warnings
        assertThat(watch.exitCode()).as(watch.err()).isEqualTo(2);
        assertThat(watch.out()).contains("probe topics failed for *: " + noTopic, "CRITICAL certificate of bootstrap SASL_SSL");

        Cli plan = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "topics", "plan", "-f", topicsFile().toString());
        assertThat(plan.err()).contains("warden: warning: topic jobs is planned for CREATE, but it may exist and be hidden "
                + "from User:nobody: " + acls + " --operation Describe --topic jobs");

        Cli verify = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "verify");
        assertThat(verify.out()).contains("creating the canary topic needs CREATE on topic __warden_canary: " + acls
                + " --operation Create --topic __warden_canary");

        Cli replay = as("nobody", "nobody-pass", SecureKafka.SCRAM_SHA_512, "dlq", "replay", "jobs");
        assertThat(replay.exitCode()).isEqualTo(69);
        assertThat(replay.err().strip()).isEqualTo("warden: reading the DLQ needs READ on topic jobs: " + acls
                + " --operation Read --topic jobs");
    }

    @Test
    void aResetByAPrincipalThatMayOnlyDescribeSaysItNeedsReadAndChangesNothing() throws Exception {
        Path config = java.nio.file.Files.writeString(dir.resolve("reset.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        Cli reset = as("bob", "bob-pass", SecureKafka.SCRAM_SHA_512, "groups", "reset-offsets", "-g", "billing", "-t", "jobs",
                "--to-earliest", "--execute", "--undo-file", dir.resolve("undo.csv").toString(), "--config", config.toString());

        assertThat(reset.exitCode()).as(reset.out()).isEqualTo(69);
        assertThat(reset.err().strip()).isEqualTo("warden: committing the offsets of group 'billing' needs READ on group billing: "
                + "kafka-acls --bootstrap-server " + bootstrap + " --add --allow-principal User:bob --operation Read --group billing");
        assertThat(kafka.admin().listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition("jobs", 0)).offset()).isEqualTo(3);

        var readGroup = SecureKafka.allow("bob", new ResourcePattern(ResourceType.GROUP, "billing", PatternType.LITERAL),
                AclOperation.READ);
        kafka.grant(readGroup);
        try {
            Cli again = as("bob", "bob-pass", SecureKafka.SCRAM_SHA_512, "groups", "reset-offsets", "-g", "billing", "-t", "jobs",
                    "--to-earliest", "--execute", "--undo-file", dir.resolve("undo-2.csv").toString(), "--config", config.toString());
            assertThat(again.err().strip()).isEqualTo("warden: committing the offsets of group 'billing' needs READ on topic jobs: "
                    + "kafka-acls --bootstrap-server " + bootstrap + " --add --allow-principal User:bob --operation Read --topic jobs");
        } finally {
            kafka.revoke(readGroup.stream().map(AclBinding::toFilter).toList());
        }
    }

    @Test
    void backupsByAPrincipalThatSeesSomeGroupsSayWhatTheyLeaveOut() {
        String everyGroup = "kafka-acls --bootstrap-server " + bootstrap + " --add --allow-principal User:bob --operation Describe "
                + "--group '*'";
        kafka.grant(SecureKafka.allow("bob", new ResourcePattern(ResourceType.TOPIC, "jobs", PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE_CONFIGS));
        try {
            Cli backup = as("bob", "bob-pass", SecureKafka.SCRAM_SHA_512, "backup", "create", "--topics", "jobs",
                    "--to", dir.resolve("bob-backup").toString());
            assertThat(backup.exitCode()).as(backup.out() + backup.err()).isZero();
            assertThat(backup.err()).contains("WARNING: the backup holds the committed offsets of only the consumer groups "
                    + "User:bob may DESCRIBE; to include every group: " + everyGroup);
        } finally {
            kafka.revoke(SecureKafka.allow("bob", new ResourcePattern(ResourceType.TOPIC, "jobs", PatternType.LITERAL),
                    AclOperation.READ, AclOperation.DESCRIBE_CONFIGS).stream().map(AclBinding::toFilter).toList());
        }
    }

    @Test
    void lagWithoutReadOnTheTopicShowsMessagesAndSaysWhySecondsAreMissing() throws Exception {
        Cli cli = as("bob", "bob-pass", SecureKafka.SCRAM_SHA_512, "lag", "--group", "billing");

        assertThat(cli.out()).as(cli.err()).contains("lag=13")
                .contains("warning: offset-times jobs: lag in seconds needs READ on topic jobs: kafka-acls --bootstrap-server "
                        + bootstrap + " --add --allow-principal User:bob --operation Read --topic jobs (lag in messages does not)");
    }

    @Test
    void theTerminalShowsOneLineAndNoClientLogForARefusedLogin() throws Exception {
        Path wrongPassword = kafka.commandConfig("bob", "wrong", SecureKafka.SCRAM_SHA_512);
        assertThat(terminal(bootstrap, wrongPassword)).containsExactly("warden: authentication failed for mechanism "
                + "SCRAM-SHA-512 at " + bootstrap + ": wrong user name or password (check sasl.jaas.config in --command-config)");

        Properties noCertificate = kafka.mtlsClientProperties("alice");
        noCertificate.keySet().removeIf(k -> k.toString().startsWith("ssl.key"));
        assertThat(terminal(kafka.mtlsBootstrap(), kafka.writeCommandConfig(noCertificate))).containsExactly("warden: TLS "
                + "handshake at " + kafka.mtlsBootstrap() + " failed: the broker requires a client certificate (set "
                + "ssl.keystore.location and ssl.keystore.password in --command-config)");
    }

    /** What Warden in a process of its own prints, stdout and stderr together, line by line. */
    private static List<String> terminal(String bootstrapServers, Path config) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "status", "--bootstrap-server", bootstrapServers, "--command-config", config.toString(), "--timeout", "10s");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(69);
        return output.lines().toList();
    }
}
