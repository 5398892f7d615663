package io.warden.daemon.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.warden.audit.AuditEvent;
import io.warden.cli.Cli;
import io.warden.audit.AuditReader;
import io.warden.config.ConfigLoader;
import io.warden.daemon.WatchRunner;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given two real clusters, east (also the fleet's home) and west, each with a lagging group, when
 * two Warden instances of one fleet watch both, then each cluster has exactly one owner, a cluster
 * moves to the other instance when its owner stops, and across the fleet every alert is told once:
 * the new owner does not page again, a silence set on one instance holds on the other, and an
 * instance that lost a cluster without noticing sends nothing.
 */
class HaIT {

    static EmbeddedKafka east;
    static EmbeddedKafka west;
    static HttpServer receiver;
    /** Every event the webhook received, as "cluster type key". */
    static final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path dir;
    String group;
    final List<WatchRunner> runners = new ArrayList<>();
    final Map<String, StringWriter> printed = new java.util.HashMap<>();

    @BeforeAll
    static void clusters() throws Exception {
        // a session timeout of 2 s, below the broker's default minimum of 6 s, keeps the test short
        Map<String, String> fast = Map.of("group.min.session.timeout.ms", "1000", "transaction.state.log.num.partitions", "1",
                "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
        east = EmbeddedKafka.start(1, fast);
        west = EmbeddedKafka.start(1, fast);
        lagging(east, "billing");
        lagging(west, "billing");
        receiver = HookReceiver.start(received);
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        east.close();
        west.close();
    }

    @BeforeEach
    void freshFleet() {
        received.clear();
        group = "fleet-" + System.nanoTime();
    }

    @AfterEach
    void stopRunners() {
        runners.forEach(WatchRunner::close);
        printed.forEach((name, out) -> System.out.println("== " + name + " ==\n" + out));
        System.out.println("received: " + received);
    }

    /** A topic of 300 messages and {@code group} committed at 0 on it: 300 behind. */
    private static void lagging(EmbeddedKafka kafka, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            String topic = "orders-" + group;
            ReadyTopics.create(admin, List.of(new NewTopic(topic, 1, (short) 1)));
            for (int i = 0; i < 300; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i));
            }
            producer.flush();
            admin.alterConsumerGroupOffsets(group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0))).all().get();
        }
    }

    private WatchRunner instance(String name) throws Exception {
        return instance(name, "");
    }

    private WatchRunner instance(String name, String extra) throws Exception {
        return instance(name, extra, "west");
    }

    /** @param second the name this instance gives the cluster west (the fleet's instances must all call it the same) */
    private WatchRunner instance(String name, String extra, String second) throws Exception {
        Path yaml = Files.writeString(dir.resolve(name + ".yaml"), ("""
                clusters:
                  - {name: east, bootstrap-servers: "%s"}
                  - {name: %s, bootstrap-servers: "%s"}
                watch: {interval: 250ms, timeout: 3s, window: 10s}
                checks: {lag: {warning: 100, critical: 100000}, rebalances: {warning: 1}}
                alerts:
                  silences-file: %s
                  rules: [{name: lag-now, check: consumer-lag}]
                notifiers:
                  hook: {type: webhook, url: "http://127.0.0.1:%d/hook"}
                audit: {file: %s}
                http: {host: 127.0.0.1, port: 0}
                ha:
                  group: %s
                  home: {bootstrap-servers: "%s"}
                  instance: %s
                  session-timeout: 2s
                """ + extra).formatted(east.bootstrapServers(), second, west.bootstrapServers(), dir.resolve(name + "-silences.json"),
                receiver.getAddress().getPort(), dir.resolve(name + "-audit.jsonl"), group, east.bootstrapServers(), name));
        StringWriter out = new StringWriter();
        printed.put(name, out);
        WatchRunner runner = new WatchRunner(new ConfigLoader(Map.<String, String>of()::get).load(yaml),
                new PrintWriter(out, true), Clock.systemUTC());
        runners.add(runner);
        runner.start();
        return runner;
    }

    private static List<String> owned(WatchRunner r) {
        return r.role().owned();
    }

    private static long told(String cluster, String type, String group) {
        return received.stream().filter(e -> e.startsWith(cluster + " " + type + " ") && e.contains("group=" + group)).count();
    }

    private void eachClusterOwnedOnce(WatchRunner... fleet) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> all = new ArrayList<>();
            for (WatchRunner r : fleet) {
                all.addAll(owned(r));
            }
            assertThat(all).containsExactlyInAnyOrder("east", "west");
            // the cooperative assignor moves a cluster in two steps: wait until it settled, one each
            assertThat(fleet).allSatisfy(r -> assertThat(owned(r)).hasSize(2 / fleet.length));
        });
    }

    @Test
    void eachClusterHasOneOwnerAndTheNextOwnerDoesNotPageAgain() throws Exception {
        WatchRunner a = instance("a");
        WatchRunner b = instance("b");
        eachClusterOwnedOnce(a, b);
        await().atMost(Duration.ofSeconds(30)).until(() -> told("east", "FIRED", "billing") == 1
                && told("west", "FIRED", "billing") == 1);

        WatchRunner owner = owned(a).contains("east") ? a : b;
        WatchRunner other = owner == a ? b : a;
        long before = System.nanoTime();
        owner.close();
        runners.remove(owner);
        await().atMost(Duration.ofSeconds(30)).until(() -> owned(other).containsAll(List.of("east", "west")));
        long tookMs = (System.nanoTime() - before) / 1_000_000;
        System.out.println("takeover after a clean stop: " + tookMs + " ms");
        assertThat(tookMs).isLessThan(2000 + 250 + 5000);

        // the new owner watches east for a while: the alert the first owner told stays told
        String instance = other.role().instance();
        await().atMost(Duration.ofSeconds(20)).until(() -> cyclesOf(other, "east") >= 8);
        assertThat(told("east", "FIRED", "billing")).as(received.toString()).isEqualTo(1);
        assertThat(told("west", "FIRED", "billing")).as(received.toString()).isEqualTo(1);
        assertThat(AuditReader.read(dir.resolve(instance + "-audit.jsonl"), AuditReader.type("ha.cluster.acquired")).events())
                .extracting(AuditEvent::cluster).contains("east", "west");
        // east is also the fleet's home: the fleet's own group, which just rebalanced (once is a warning here), is not
        // the user's finding
        assertThat(received).as("paged").noneMatch(e -> e.contains("group=" + group));
        for (String name : List.of("a", "b")) {
            assertThat(AuditReader.read(dir.resolve(name + "-audit.jsonl"), AuditReader.type("finding.raised")).events())
                    .extracting(AuditEvent::key).isNotEmpty().noneMatch(k -> k.contains("group=" + group));
        }
    }

    @Test
    void theNextOwnerDoesNotRunAgainAHealAttemptTheFirstRan() throws Exception {
        Path runs = dir.resolve("runs.txt");
        String heal = """
                heal:
                  state-dir: %s
                  grace: 0s
                  playbooks:
                    - name: kick-billing
                      check: consumer-lag
                      match: {group: billing}
                      mode: "on"
                      steps:
                        - action: command
                          command: [sh, -c, "echo {cluster} >> %s"]
                          retry: {max-attempts: 3, delay: 1h}
                          verify-cycles: 1000
                """.formatted(dir.resolve("heal"), runs);
        WatchRunner a = instance("a", heal);
        WatchRunner b = instance("b", heal);
        eachClusterOwnedOnce(a, b);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(runs)
                && Files.readAllLines(runs).containsAll(List.of("east", "west")));

        WatchRunner owner = owned(a).contains("east") ? a : b;
        WatchRunner other = owner == a ? b : a;
        owner.close();
        runners.remove(owner);
        await().atMost(Duration.ofSeconds(30)).until(() -> owned(other).containsAll(List.of("east", "west")));
        await().atMost(Duration.ofSeconds(20)).until(() -> cyclesOf(other, "east") >= 8);

        Cli status = Cli.run("heal", "status", "--config", dir.resolve("a.yaml").toString());
        assertThat(status.exitCode()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("(?m)^\\s*east\\s+consumer-lag/group=billing\\s+kick-billing\\s+1\\s+DONE")
                .containsPattern("(?m)^\\s*west\\s+consumer-lag/group=billing\\s+kick-billing\\s+1\\s+DONE");

        assertThat(Files.readAllLines(runs)).as("one run per cluster across the fleet").containsExactlyInAnyOrder("east", "west");
    }

    @Test
    void aSilenceSetOnOneInstanceHoldsOnTheOther() throws Exception {
        WatchRunner a = instance("a");
        WatchRunner b = instance("b");
        eachClusterOwnedOnce(a, b);
        WatchRunner westOwner = owned(a).contains("west") ? a : b;
        WatchRunner elsewhere = westOwner == a ? b : a;

        elsewhere.silences().add(Map.of("group", "payments"), Duration.ofHours(1), "test", "moving payments");
        lagging(west, "payments");

        String audit = westOwner.role().instance() + "-audit.jsonl";
        await().atMost(Duration.ofSeconds(30)).until(() -> AuditReader.read(dir.resolve(audit),
                AuditReader.type("alert.silenced")).events().stream().anyMatch(e -> e.key().contains("payments")));
        assertThat(told("west", "FIRED", "payments")).as(received.toString()).isZero();
        assertThat(westOwner.silences().active()).extracting(s -> s.matchers().get("group")).contains("payments");
    }

    @Test
    void anInstanceThatLostItsClusterWithoutNoticingSendsNothing() throws Exception {
        WatchRunner a = instance("a");
        WatchRunner b = instance("b");
        eachClusterOwnedOnce(a, b);
        await().atMost(Duration.ofSeconds(30)).until(() -> told("east", "FIRED", "billing") == 1);
        WatchRunner stale = owned(a).contains("east") ? a : b;
        WatchRunner other = stale == a ? b : a;

        // the stale owner's membership hangs while its watch of east runs on
        long before = System.nanoTime();
        stale.fleet().freeze(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> owned(other).contains("east"));
        System.out.println("takeover from a hung member: " + (System.nanoTime() - before) / 1_000_000 + " ms");
        assertThat(owned(stale)).contains("east"); // as far as it knows

        lagging(east, "refunds");
        await().atMost(Duration.ofSeconds(30)).until(() -> told("east", "FIRED", "refunds") >= 1);
        String staleAudit = stale.role().instance() + "-audit.jsonl";
        await().atMost(Duration.ofSeconds(10)).until(() -> !AuditReader.read(dir.resolve(staleAudit),
                AuditReader.type("ha.write-refused")).events().isEmpty());
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(told("east", "FIRED", "refunds")).as(received.toString()).isEqualTo(1);
        assertThat(told("east", "FIRED", "billing")).as(received.toString()).isEqualTo(1);
        assertThat(printed.get(stale.role().instance()).toString()).contains("the home cluster refused to record east's alerts");

        stale.fleet().freeze(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> !owned(stale).contains("east"));
        eachClusterOwnedOnce(a, b);
    }

    @Test
    void haStatusShowsWhoOwnsWhatAndASilenceFromTheCommandLineHoldsInTheFleet() throws Exception {
        WatchRunner a = instance("a");
        WatchRunner b = instance("b");
        eachClusterOwnedOnce(a, b);
        String config = dir.resolve("a.yaml").toString();

        Cli silence = Cli.run("silence", "add", "group=audit", "--for", "1h", "--config", config);
        assertThat(silence.exitCode()).as(silence.err()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.silences().active().size() == 1 && b.silences().active().size() == 1);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Cli table = Cli.run("ha", "status", "--config", config);
            assertThat(table.exitCode()).as(table.out() + table.err()).isZero();
            assertThat(table.out()).contains("Stable", "2 member(s)").containsPattern("(?m)^\\s*a\\s")
                    .containsPattern("(?m)^\\s*b\\s").doesNotContain("NONE");
        });
        Cli json = Cli.run("ha", "status", "--config", config, "--output", "json");
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertThat(status.get("clusters")).hasSize(2).allSatisfy(c -> assertThat(c.get("owner").asText()).isIn("a", "b"));
        assertThat(status.get("clusters")).anySatisfy(c -> assertThat(c.get("lastWriter").asText()).isIn("a", "b"));
        // a committed write leaves nothing after it: the fleet's own group shows no lag on the home cluster
        assertThat(status.get("clusters")).filteredOn(c -> c.hasNonNull("lastWriter"))
                .allSatisfy(c -> assertThat(c.get("lag").asLong()).isZero());

        String health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + a.httpPort() + "/health")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(new ObjectMapper().readTree(health).get("ha").get("owned")).hasSize(1);
        assertThat(a.metrics().scrape()).contains("warden_ha_owned_clusters{group=\"" + group + "\",instance=\"a\"} 1");

        runners.forEach(WatchRunner::close);
        runners.clear();
        Cli none = Cli.run("ha", "status", "--config", config);
        assertThat(none.exitCode()).as(none.out()).isEqualTo(2);
        assertThat(none.out()).contains("NONE");
    }

    @Test
    void instancesWithAnotherClusterListAreFoundAndSaidWhereTheyDiffer() throws Exception {
        WatchRunner a = instance("a");
        WatchRunner b = instance("b", "", "south");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(a.role().differing()).containsExactly("b watches east, south (not west; also south)");
            assertThat(b.role().differing()).containsExactly("a watches east, west (not south; also west)");
        });
        assertThat(a.fleet().problem()).contains("the instances of the fleet watch different clusters: b watches east, south")
                .doesNotContain("\n");
        Cli json = Cli.run("ha", "status", "--config", dir.resolve("a.yaml").toString(), "--output", "json");
        assertThat(json.exitCode()).as(json.out() + json.err()).isEqualTo(2);
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertThat(status.get("differing").get(0).asText()).isEqualTo("b watches east, south (not west; also south)");
        assertThat(status.get("members")).anySatisfy(m -> assertThat(m.get("watches").toString()).isEqualTo("[\"east\",\"south\"]"));

        b.close();
        runners.remove(b);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.fleet().problem() == null && a.role().differing().isEmpty());
    }

    private static long cyclesOf(WatchRunner r, String cluster) {
        var m = java.util.regex.Pattern.compile("warden_cycles_total\\{cluster=\"" + cluster + "\"} (\\d+)")
                .matcher(r.metrics().scrape());
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
