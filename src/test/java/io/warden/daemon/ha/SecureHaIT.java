package io.warden.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.warden.audit.AuditReader;
import io.warden.cli.Cli;
import io.warden.config.ConfigLoader;
import io.warden.daemon.WatchRunner;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.embedded.SecureKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a fleet whose home is a SASL_SSL cluster with an authorizer and a principal that holds
 * exactly the ACLs the README lists for {@code ha:} (with {@code Create}, so Warden makes its
 * topics), when an instance watches a lagging cluster, then it owns the cluster, tells the alert
 * and commits its state, and {@code ha status} run as that principal shows it as the owner; and a
 * principal without the transactional-id ACL tells nothing and commits no state.
 */
class SecureHaIT {

    static SecureKafka home;
    static EmbeddedKafka watched;
    static HttpServer receiver;
    static final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;
    final List<WatchRunner> runners = new ArrayList<>();
    final List<StringWriter> printed = new ArrayList<>();

    @BeforeAll
    static void clusters() throws Exception {
        home = SecureKafka.start();
        watched = EmbeddedKafka.start(1, Map.of());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", watched.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", watched.bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 1, (short) 1)));
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>("orders", "k", "v" + i));
            }
            producer.flush();
            admin.alterConsumerGroupOffsets("billing", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(0))).all().get();
        }
        receiver = HookReceiver.start(received);
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        watched.close();
        home.close();
    }

    @AfterEach
    void stopRunners() {
        runners.forEach(WatchRunner::close);
        printed.forEach(out -> System.out.println("== printed ==\n" + out));
        System.out.println("received: " + received);
    }

    /** The README's list for fleet {@code group}, with {@code Create}; without the transactional ids when {@code txn} is false. */
    private static List<AclBinding> readmeAcls(String user, String group, boolean txn) {
        String state = "warden-state." + group;
        var acls = new ArrayList<>(SecureKafka.allow(user, new ResourcePattern(ResourceType.GROUP, group, PatternType.LITERAL),
                AclOperation.READ, AclOperation.DESCRIBE));
        for (String topic : List.of(state, state + ".shared")) {
            acls.addAll(SecureKafka.allow(user, new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                    AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE, AclOperation.CREATE));
        }
        if (txn) {
            acls.addAll(SecureKafka.allow(user, new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "warden-ha." + group + ".",
                    PatternType.PREFIXED), AclOperation.WRITE, AclOperation.DESCRIBE));
        }
        return acls;
    }

    private Path config(String user, String group) throws Exception {
        return config(user, group, "a");
    }

    private Path config(String user, String group, String instance) throws Exception {
        Path commandConfig = home.commandConfig(user, user + "-pass", SecureKafka.SCRAM_SHA_512);
        return Files.writeString(dir.resolve(group + ".yaml"), """
                clusters:
                  - {name: west, bootstrap-servers: "%s"}
                watch: {interval: 250ms, timeout: 5s, window: 10s}
                checks: {lag: {warning: 100, critical: 100000}}
                alerts:
                  silences-file: %s
                  rules: [{name: lag-now, check: consumer-lag}]
                notifiers:
                  hook: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                audit: {file: %s}
                http: {host: 127.0.0.1, port: 0}
                ha:
                  group: %s
                  home: {bootstrap-servers: "%s", command-config: "%s"}
                  instance: %s
                  session-timeout: 6s
                """.formatted(watched.bootstrapServers(), dir.resolve("silences.json"), receiver.getAddress().getPort(),
                audit(instance), group, home.saslSslBootstrap(), commandConfig, instance));
    }

    private Path audit(String instance) {
        return dir.resolve(instance + "-audit.jsonl");
    }

    private WatchRunner start(Path yaml) throws Exception {
        StringWriter out = new StringWriter();
        printed.add(out);
        WatchRunner runner = new WatchRunner(new ConfigLoader(Map.<String, String>of()::get).load(yaml),
                new PrintWriter(out, true), Clock.systemUTC());
        runners.add(runner);
        runner.start();
        return runner;
    }

    @Test
    void theReadmesAclsAreEnoughToOwnTellAndRecord() throws Exception {
        String group = "fleet-ok";
        home.createUser("ha-ok", "ha-ok-pass");
        home.grant(readmeAcls("ha-ok", group, true));
        Path yaml = config("ha-ok", group);
        WatchRunner a = start(yaml);

        await().atMost(Duration.ofSeconds(30)).until(() -> a.role().owned().contains("west"));
        await().atMost(Duration.ofSeconds(20)).until(() -> received.contains("west FIRED consumer-lag/group=billing")
                || received.stream().anyMatch(e -> e.startsWith("west FIRED ") && e.contains("group=billing")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Cli json = Cli.run("ha", "status", "--config", yaml.toString(), "--output", "json");
            assertThat(json.exitCode()).as(json.out() + json.err()).isZero();
            JsonNode west = new ObjectMapper().readTree(json.out()).get("clusters").get(0);
            assertThat(west.get("owner").asText()).isEqualTo("a");
            assertThat(west.get("lastWriter").asText()).isEqualTo("a");
            assertThat(west.get("lag").asLong()).isZero();
        });
    }

    /**
     * What must hold without the transactional-id ACL: no alert leaves the instance and no state
     * write is committed; the refusal is in the audit file, and why (with what to grant) is the
     * instance's problem, which turns its /health to 503. It leaves the fleet and waits, so an
     * instance the home cluster lets write owns the cluster meanwhile, and it says so once per wait
     * instead of taking the cluster back and firing again; granting the ACL lets it back in, without
     * a restart.
     */
    @Test
    void withoutTheTransactionalIdAclTheInstanceTellsNothingLeavesTheClusterToOneThatCanAndHealsOnceGranted()
            throws Exception {
        String group = "fleet-no-txn";
        home.createUser("ha-no-txn", "ha-no-txn-pass");
        home.grant(readmeAcls("ha-no-txn", group, false));
        home.createUser("ha-full", "ha-full-pass");
        home.grant(readmeAcls("ha-full", group, true));
        int before = received.size();
        Path yaml = config("ha-no-txn", group, "a");
        WatchRunner a = start(yaml);

        await().atMost(Duration.ofSeconds(20)).until(() -> AuditReader.read(audit("a"),
                AuditReader.type("ha.write-refused")).events().stream().anyMatch(e -> "west".equals(e.cluster())));
        assertThat(a.fleet().problem()).as("why the instance fails its part").contains("refuses this instance's state writes")
                .contains("grant WRITE and DESCRIBE on the transactional id warden-ha.<group>.*").doesNotContain("\n");
        assertThat(health(a)).startsWith("503 ").contains("grant WRITE and DESCRIBE on the transactional id");

        WatchRunner b = start(config("ha-full", group, "b"));
        await().atMost(Duration.ofSeconds(20)).until(() -> b.role().owned().contains("west"));
        assertThat(a.role().owned()).isEmpty();
        await().atMost(Duration.ofSeconds(20)).until(() -> firedWest(before) == 1);
        // meanwhile the instance without the ACL said why once per wait, and did not take the cluster back to fire again
        String aPrinted = printed.get(0).toString();
        assertThat(aPrinted.split("FIRED", -1).length - 1).as(aPrinted).isLessThanOrEqualTo(1);
        assertThat(AuditReader.read(audit("a"), AuditReader.type("ha.backing-off")).events()).hasSizeBetween(1, 2);
        assertThat(firedWest(before)).as(received.toString()).isEqualTo(1);
        Cli json = Cli.run("ha", "status", "--config", yaml.toString(), "--output", "json");
        JsonNode west = new ObjectMapper().readTree(json.out()).get("clusters").get(0);
        assertThat(west.get("lastWriter").asText()).as(json.out()).isEqualTo("b");

        home.grant(SecureKafka.allow("ha-no-txn", new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "warden-ha." + group + ".",
                PatternType.PREFIXED), AclOperation.WRITE, AclOperation.DESCRIBE));
        await().atMost(Duration.ofSeconds(45)).until(() -> a.fleet().problem() == null && a.role().generation() > 0);
        assertThat(health(a)).startsWith("200 ");
    }

    /**
     * Without Read on the fleet's group the instance cannot join it: it watches nothing, tells and
     * heals nothing, its /health is 503 with the ACL to grant in one line, and it waits before it
     * tries again instead of retrying every second.
     */
    @Test
    void withoutReadOnTheGroupTheInstanceIsDownSaysWhatToGrantAndWaits() throws Exception {
        String group = "fleet-no-group";
        home.createUser("ha-no-group", "ha-no-group-pass");
        home.grant(readmeAcls("ha-no-group", group, true).stream()
                .filter(acl -> !(acl.pattern().resourceType() == ResourceType.GROUP && acl.entry().operation() == AclOperation.READ))
                .toList());
        int before = received.size();
        WatchRunner a = start(config("ha-no-group", group, "a"));

        await().atMost(Duration.ofSeconds(20)).until(() -> a.fleet().problem() != null);
        assertThat(a.fleet().problem()).contains("grant READ and DESCRIBE on the group " + group).doesNotContain("\n");
        assertThat(health(a)).startsWith("503 ").contains("grant READ and DESCRIBE on the group " + group);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(5)).until(() -> a.role().owned().isEmpty()
                && received.size() == before);
        assertThat(AuditReader.read(audit("a"), AuditReader.type("ha.backing-off")).events()).hasSize(1);
        assertThat(AuditReader.read(audit("a"), AuditReader.type("ha.cluster.acquired")).events()).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("warden-ha-a") && t.isAlive());
    }

    private static long firedWest(int from) {
        return received.subList(from, received.size()).stream().filter(e -> e.startsWith("west FIRED ") && e.contains("group=billing"))
                .count();
    }

    /** The status code and body of the instance's /health. */
    private static String health(WatchRunner runner) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + runner.httpPort() + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }
}
