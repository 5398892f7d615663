package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.embedded.ReadyTopics;
import io.warden.embedded.SecureKafka;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.ElectionNotNeededException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/permissions.md cannot rot: each section's kafka-acls lines, applied for a fresh user, let
 * that user run the section's command; a user without them is told what is missing.
 */
class PermissionsDocIT {

    static final Path DOC = Path.of("docs", "permissions.md");
    static SecureKafka kafka;
    static Path config;
    static Path topicsFile;

    @TempDir
    static Path dir;

    /** One section of the document: its title, its ACL lines and the Warden command they allow. */
    record Section(String title, List<String> acls, String command) {
    }

    @BeforeAll
    static void cluster() throws Exception {
        kafka = SecureKafka.start();
        Admin admin = kafka.admin();
        ReadyTopics.create(admin, List.of(new NewTopic("orders", 2, (short) 2), new NewTopic("orders.DLT", 1, (short) 2),
                new NewTopic("primary.orders", 2, (short) 2), new NewTopic("primary.checkpoints.internal", 1, (short) 2),
                new NewTopic("mm2-offset-syncs.dr.internal", 1, (short) 2)));
        try (var producer = new KafkaProducer<>(kafka.adminProperties(), new StringSerializer(), new StringSerializer())) {
            long t0 = java.time.Instant.now().toEpochMilli();
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("orders", i % 2, t0 + i, "k" + i, "v" + i));
            }
            mirror(t0);
            for (int i = 0; i < 3; i++) {
                var headers = new RecordHeaders();
                headers.add("kafka_dlt-exception-fqcn", "java.lang.IllegalStateException".getBytes(StandardCharsets.UTF_8));
                headers.add("kafka_dlt-original-topic", "orders".getBytes(StandardCharsets.UTF_8));
                headers.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(0).array());
                headers.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(i).array());
                producer.send(new ProducerRecord<>("orders.DLT", 0, null, "k" + i, "failed-" + i, headers));
            }
            producer.flush();
        }
        admin.alterConsumerGroupOffsets("billing", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(3),
                new TopicPartition("orders", 1), new OffsetAndMetadata(4))).all().get();
        config = Files.writeString(dir.resolve("warden.yaml"), "audit: {file: " + dir.resolve("audit.jsonl") + "}\n");
        topicsFile = Files.writeString(dir.resolve("topics.yaml"),
                "topics:\n  - name: inventory\n    partitions: 2\n    replication-factor: 2\n    configs:\n      retention.ms: \"86400000\"\n");
        Cli backup = Cli.run("backup", "create", "--bootstrap-server", kafka.saslSslBootstrap(), "--command-config",
                kafka.writeCommandConfig(kafka.adminProperties()).toString(), "--topics", "orders", "--to", dir.resolve("backup").toString());
        assertThat(backup.exitCode()).as(backup.out() + backup.err()).isZero();
        // after the backup: the restore section moves only the backed-up groups
        admin.alterConsumerGroupOffsets("payments", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(3),
                new TopicPartition("orders", 1), new OffsetAndMetadata(4))).all().get();
    }

    /** What MirrorMaker 2 would have written for orders and group payments, for the dr failover section. */
    private static void mirror(long t0) throws Exception {
        Map<String, Object> props = new java.util.HashMap<>();
        kafka.adminProperties().forEach((k, v) -> props.put(k.toString(), v));
        try (var seed = new io.warden.embedded.MirrorSeed(props)) {
            for (int i = 0; i < 20; i++) {
                seed.record("primary.orders", i % 2, t0 + i, "k" + i, "v" + i);
            }
            for (int p = 0; p < 2; p++) {
                seed.offsetSync("mm2-offset-syncs.dr.internal", new TopicPartition("orders", p), 0, 0);
                seed.checkpoint("primary.checkpoints.internal", "payments", new TopicPartition("primary.orders", p), 3 + p, 1);
            }
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @TestFactory
    Stream<DynamicTest> eachSectionsAclsAllowItsCommandAndWithoutThemTheCommandSaysWhatIsMissing() throws Exception {
        List<Section> sections = sections(Files.readAllLines(DOC, StandardCharsets.UTF_8));
        assertThat(sections).extracting(Section::title).contains("Watching: `warden watch` and `warden status`",
                "Replication health: `warden dr status` (and `watch` with `dr:`)",
                "Restore: `warden restore`", "Self-healing: preferred leader election");
        var tests = new ArrayList<DynamicTest>();
        for (int i = 0; i < sections.size(); i++) {
            Section section = sections.get(i);
            int n = i;
            tests.add(DynamicTest.dynamicTest(section.title(), () -> check(section, n)));
        }
        return tests.stream();
    }

    private static void check(Section section, int n) throws Exception {
        String user = "warden" + n;
        String bare = "bare" + n;
        kafka.createUser(user, user + "-pass");
        kafka.createUser(bare, bare + "-pass");
        var acls = new ArrayList<AclBinding>();
        section.acls().forEach(line -> acls.addAll(parseAcl(line, "User:" + user)));
        kafka.grant(acls);

        if (section.command() == null) {
            // the healer's preferred leader election, through the Admin call it makes
            var partitions = Set.of(new TopicPartition("orders", 0));
            try (Admin without = Admin.create(kafka.clientProperties(bare, bare + "-pass", SecureKafka.SCRAM_SHA_512))) {
                assertThatThrownBy(() -> without.electLeaders(ElectionType.PREFERRED, partitions).all().get())
                        .hasCauseInstanceOf(ClusterAuthorizationException.class);
            }
            try (Admin with = Admin.create(kafka.clientProperties(user, user + "-pass", SecureKafka.SCRAM_SHA_512))) {
                try {
                    with.electLeaders(ElectionType.PREFERRED, partitions).all().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ElectionNotNeededException.class);
                }
            }
            return;
        }
        Cli without = run(section.command(), bare);
        assertThat(without.out() + without.err()).as("without the ACLs: exit %d", without.exitCode())
                .contains("kafka-acls --bootstrap-server");

        Cli with = run(section.command(), user);
        String output = with.out() + with.err();
        assertThat(with.exitCode()).as(output).isBetween(0, 2);
        assertThat(output).doesNotContain("kafka-acls", "authorizer refused", "may lack", "may not DESCRIBE");
    }

    private static Cli run(String command, String user) {
        Path clientConfig = kafka.commandConfig(user, user + "-pass", SecureKafka.SCRAM_SHA_512);
        var args = new ArrayList<String>();
        for (String word : words(command).subList(1, words(command).size())) {
            args.add(switch (word) {
                // the DR cluster of a dr command is this same cluster: its ACL lines are applied to it too
                case "$BOOTSTRAP", "$DR_BOOTSTRAP" -> kafka.saslSslBootstrap();
                case "warden.properties", "warden-dr.properties" -> clientConfig.toString();
                case "warden.yaml" -> config.toString();
                case "topics.yaml" -> topicsFile.toString();
                default -> word.replace("$DIR", dir.toString());
            });
        }
        if (args.get(0).equals("dr") && args.get(1).equals("status")) {
            // a pair of this one cluster with itself: each topic is its own identity-named replica
            args.addAll(List.of("--replication-policy", "identity"));
        }
        return Cli.run(args.toArray(String[]::new));
    }

    /** Sections are "## " headings; a section's sh block holds kafka-acls lines and at most one warden line. */
    static List<Section> sections(List<String> lines) {
        var sections = new ArrayList<Section>();
        String title = null;
        var acls = new ArrayList<String>();
        String command = null;
        boolean inBlock = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                if (title != null && !acls.isEmpty()) {
                    sections.add(new Section(title, List.copyOf(acls), command));
                }
                title = line.substring(3).strip();
                acls.clear();
                command = null;
            } else if (line.startsWith("```")) {
                inBlock = !inBlock;
            } else if (inBlock && line.startsWith("kafka-acls ")) {
                acls.add(line);
            } else if (inBlock && line.startsWith("warden ")) {
                assertThat(command).as("one command in section " + title).isNull();
                command = line;
            }
        }
        if (title != null && !acls.isEmpty()) {
            sections.add(new Section(title, List.copyOf(acls), command));
        }
        return sections;
    }

    /** The bindings one kafka-acls --add line creates, for {@code principal} in place of $PRINCIPAL. */
    static List<AclBinding> parseAcl(String line, String principal) {
        List<String> words = words(line);
        var operations = new ArrayList<AclOperation>();
        ResourceType type = null;
        String name = null;
        PatternType pattern = PatternType.LITERAL;
        String allowed = null;
        for (int i = 1; i < words.size(); i++) {
            String w = words.get(i);
            switch (w) {
                case "--bootstrap-server", "--command-config" -> i++;
                case "--add" -> { }
                case "--allow-principal" -> allowed = words.get(++i);
                case "--operation" -> operations.add(operation(words.get(++i)));
                case "--cluster" -> {
                    type = ResourceType.CLUSTER;
                    name = "kafka-cluster";
                }
                case "--topic", "--group", "--transactional-id" -> {
                    type = ResourceType.fromString(w.substring(2).replace("-", "_").toUpperCase(Locale.ROOT));
                    name = words.get(++i);
                }
                case "--resource-pattern-type" -> pattern = PatternType.fromString(words.get(++i).toUpperCase(Locale.ROOT));
                default -> throw new AssertionError("unexpected word '" + w + "' in: " + line);
            }
        }
        assertThat(allowed).as(line).isEqualTo("$PRINCIPAL");
        assertThat(type).as(line).isNotNull();
        assertThat(operations).as(line).isNotEmpty();
        var bindings = new ArrayList<AclBinding>();
        for (AclOperation op : operations) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW)));
        }
        return bindings;
    }

    /** DescribeConfigs -> DESCRIBE_CONFIGS. */
    private static AclOperation operation(String camel) {
        AclOperation op = AclOperation.fromString(camel.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
        assertThat(op).as(camel).isNotEqualTo(AclOperation.UNKNOWN);
        return op;
    }

    /** Splits a shell line into words; single quotes group and are removed. */
    static List<String> words(String line) {
        var words = new ArrayList<String>();
        StringBuilder word = null;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ' && !quoted) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
