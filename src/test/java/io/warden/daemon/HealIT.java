package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.config.ConfigLoader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import jakarta.mail.internet.MimeMessage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-healing against a real 3-broker cluster: a restart command that keeps failing is retried
 * with backoff and then escalated in exactly one email with every exit code; two brokers down is
 * escalated at once without acting; a dry run records and tells, and runs nothing.
 */
class HealIT {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    static EmbeddedKafka kafka;
    static Admin admin;

    @TempDir
    Path dir;

    @BeforeAll
    static void cluster() throws Exception {
        // leadership stays where a restart leaves it, as on clusters that turn automatic rebalancing off
        kafka = EmbeddedKafka.start(3, Map.of("auto.leader.rebalance.enable", "false"));
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("payments", 3, (short) 3)));
    }

    @AfterAll
    static void stop() {
        admin.close();
        kafka.close();
    }

    @AfterEach
    void everyBrokerBack() {
        for (int id : kafka.brokerIds()) {
            kafka.startBroker(id);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeCluster().nodes().get().size() == 3);
    }

    private WatchRunner runner(String mode, String grace, String command, StringWriter printed) throws Exception {
        return runner(mode, grace, "broker-down", "restart-broker", "command: " + command, printed);
    }

    private WatchRunner runner(String mode, String grace, String check, String action, String settings, StringWriter printed)
            throws Exception {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), """
                cluster: {name: test, bootstrap-servers: "%s"}
                watch: {interval: 300ms, timeout: 5s, window: 10s}
                alerts:
                  silences-file: %s
                  rules: [{name: leaders-now, check: preferred-leader}]
                notifiers:
                  oncall: {type: email, host: 127.0.0.1, port: %d, starttls: false, from: warden@example.com, to: [oncall@example.com]}
                audit: {file: %s}
                http: {port: -1}
                heal:
                  state-dir: %s
                  grace: %s
                  playbooks:
                    - name: restart-missing-broker
                      check: %s
                      mode: %s
                      steps:
                        - action: %s
                          %s
                          retry: {max-attempts: 3, delay: 300ms, multiplier: 2, max-delay: 1s}
                          %s
                """.formatted(kafka.bootstrapServers(), dir.resolve("silences.json"), mail.getSmtp().getPort(),
                dir.resolve("audit.jsonl"), dir, grace, check, mode, action, settings,
                settings.contains("verify-cycles") ? "" : "verify-cycles: 2"));
        return new WatchRunner(new ConfigLoader(Map.<String, String>of()::get).load(yaml), new PrintWriter(printed, true),
                Clock.systemUTC());
    }

    private List<AuditEvent> audit(String type) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(type)).events();
    }

    private static List<String> subjects() {
        return Arrays.stream(mail.getReceivedMessages()).map(HealIT::subject).toList();
    }

    @Test
    void aRestartCommandThatKeepsFailingIsRetriedThenEscalatedInOneEmailWithEveryExitCode() throws Exception {
        int victim = kafka.brokerIds().get(2);
        String failing = "[sh, -c, 'echo cannot restart broker $0 on $1; exit 7', '{broker.id}', '{broker.host}']";
        try (var runner = runner("on", "0s", failing, new StringWriter())) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !audit("config.loaded").isEmpty());
            kafka.stopBroker(victim);

            await().atMost(Duration.ofSeconds(60)).until(() -> !audit("heal.escalated").isEmpty());
            await().atMost(Duration.ofSeconds(30)).until(() -> subjects().stream().anyMatch(s -> s.contains("escalated")));
        }

        var finished = audit("heal.action.finished");
        assertThat(finished).hasSize(3).allSatisfy(e -> {
            assertThat(e.key()).isEqualTo("broker-down/broker=" + victim);
            assertThat(e.data()).containsEntry("outcome", "FAILED").containsEntry("exitCode", 7);
            assertThat(e.data().get("output").toString()).startsWith("cannot restart broker " + victim + " on localhost");
        });
        // each wait is longer than the one before: 300 ms, then 600 ms
        var started = audit("heal.action.started");
        assertThat(started).hasSize(3);
        long firstGap = Duration.between(started.get(0).time(), started.get(1).time()).toMillis();
        long secondGap = Duration.between(started.get(1).time(), started.get(2).time()).toMillis();
        assertThat(firstGap).isGreaterThanOrEqualTo(300);
        assertThat(secondGap).isGreaterThanOrEqualTo(600);

        List<MimeMessage> escalations = Arrays.stream(mail.getReceivedMessages())
                .filter(m -> subject(m).contains("escalated")).toList();
        assertThat(escalations).hasSize(1);
        String body = escalations.get(0).getContent().toString();
        assertThat(body).contains("playbook restart-missing-broker is used up: 3 attempt(s)", "broker " + victim + " is not registered");
        assertThat(body.split("exit code 7", -1)).hasSize(4);
        assertThat(audit("heal.decided")).extracting(e -> e.data().get("decision")).contains("ACT", "WAIT", "ESCALATE");
    }

    @Test
    void twoOfThreeBrokersDownIsEscalatedAtOnceWithoutActing() throws Exception {
        Path marker = dir.resolve("restarted");
        // the grace period lets a failure that spreads show its size before anything is done
        try (var runner = runner("on", "3s", "[touch, '" + marker + "']", new StringWriter())) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !audit("config.loaded").isEmpty());
            kafka.stopBroker(kafka.brokerIds().get(1));
            kafka.stopBroker(kafka.brokerIds().get(2));

            await().atMost(Duration.ofSeconds(60)).until(() -> subjects().stream().anyMatch(s -> s.contains("escalated")));
        }

        assertThat(marker).doesNotExist();
        assertThat(audit("heal.action.started")).isEmpty();
        assertThat(audit("heal.escalated")).isNotEmpty().allSatisfy(e -> assertThat(e.data().get("reason").toString())
                .contains("blast radius: 2 of 3 brokers are down"));
        String body = Arrays.stream(mail.getReceivedMessages()).filter(m -> subject(m).contains("escalated")).findFirst()
                .orElseThrow().getContent().toString();
        assertThat(body).contains("blast radius", "Attempts: none");
    }

    @Test
    void aDryRunRecordsAndTellsTheDecisionAndRunsNothing() throws Exception {
        Path marker = dir.resolve("restarted");
        try (var runner = runner("dry-run", "0s", "[touch, '" + marker + "']", new StringWriter())) {
            runner.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> !audit("config.loaded").isEmpty());
            kafka.stopBroker(kafka.brokerIds().get(2));

            await().atMost(Duration.ofSeconds(60)).until(() -> subjects().stream().anyMatch(s -> s.contains("self-healing")));
        }

        assertThat(marker).doesNotExist();
        assertThat(audit("heal.action.started")).isEmpty();
        assertThat(audit("heal.decided")).first().satisfies(e -> assertThat(e.data()).containsEntry("decision", "ACT")
                .containsEntry("mode", "DRY_RUN"));
        String body = Arrays.stream(mail.getReceivedMessages()).filter(m -> subject(m).contains("self-healing")).findFirst()
                .orElseThrow().getContent().toString();
        assertThat(body).contains("Dry run: Warden would run restart-broker");
    }

    @Test
    void leadershipLeftOnOtherReplicasAfterARestartIsMovedBackByPreferredElection() throws Exception {
        int restarted = kafka.brokerIds().get(0);
        kafka.stopBroker(restarted);
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.describeCluster().nodes().get().size() == 2);
        kafka.startBroker(restarted);
        await().atMost(Duration.ofSeconds(60)).until(() -> partitions().stream().allMatch(p -> p.isr().size() == 3));
        assertThat(partitions()).as("the restarted broker leads nothing").noneMatch(p -> p.leader().id() == restarted);

        try (var runner = runner("on", "0s", "preferred-leader", "elect-preferred-leaders", "verify-cycles: 3", new StringWriter())) {
            runner.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> !audit("heal.recovered").isEmpty());
        }

        assertThat(partitions()).allSatisfy(p -> assertThat(p.leader().id()).isEqualTo(p.replicas().get(0).id()));
        assertThat(audit("heal.action.finished")).singleElement().satisfies(e -> assertThat(e.data().get("output").toString())
                .startsWith("elected the preferred leader of"));
        System.out.printf("preferred leaders restored %d s after the imbalance was detected%n",
                audit("heal.recovered").get(0).data().get("detectToRecoverSeconds"));
    }

    private static List<org.apache.kafka.common.TopicPartitionInfo> partitions() throws Exception {
        return admin.describeTopics(List.of("payments")).allTopicNames().get().get("payments").partitions();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
