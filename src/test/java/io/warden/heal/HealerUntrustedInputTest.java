package io.warden.heal;

import static io.warden.heal.HealFixtures.T0;
import static io.warden.heal.HealFixtures.brokerDown;
import static io.warden.heal.HealFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.audit.AuditTrail;
import io.warden.notify.Notification;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Self-healing with real commands against what it must not trust: a name chosen by a client of the
 * cluster never reaches a command line it does not fit, and a secret printed by a command or quoted
 * by an action's error reaches neither the audit trail, nor the healing state file, nor a human.
 */
class HealerUntrustedInputTest {

    private static final String STEP_TOKEN = "step-token-5e1f";
    private static final String KAFKA_PASSWORD = "kafka-pw-77ab";
    private static final String SMTP_PASSWORD = "smtp-pass-4242";

    @TempDir
    Path dir;

    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final HealFixtures.MovingClock clock = new HealFixtures.MovingClock(T0);
    private Healer healer;
    private AuditTrail audit;

    @AfterEach
    void close() {
        healer.close(Duration.ofSeconds(5));
        audit.close();
    }

    @Test
    void aHostileGroupNameEscalatesNamingThePlaceholderAndTheCommandNeverRuns() {
        Path ran = dir.resolve("ran");
        Path pwned = dir.resolve("pwned");
        // the kind of command an operator writes: the group handed to a shell (here sh, often ssh's remote shell)
        var reset = new CommandActionProvider().create(Map.of("command",
                List.of("sh", "-c", "touch " + ran + "; echo resetting {group}")), new ActionResources(null));
        start("consumer-lag", System.getenv(), new Playbook.Step("command", reset, RetrySpec.DEFAULT, 2));

        clock.set(T0);
        healer.onCycle(cluster(T0, 3), List.of(lagging("billing; touch " + pwned)), Set.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> !audit("heal.escalated").isEmpty());
        healer.close(Duration.ofSeconds(5));
        assertThat(ran).doesNotExist();
        assertThat(pwned).doesNotExist();
        assertThat(audit("heal.action.started")).isEmpty();
        assertThat(audit("heal.escalated").get(0).data().get("reason").toString())
                .contains("{group}", "\"billing; touch " + pwned + "\"");
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.events().get(0).type()).isEqualTo(AlertEvent.Type.ESCALATED);
            assertThat(n.events().get(0).detail()).contains("{group}");
        });
    }

    @Test
    void whatTheCommandPrintsIsMaskedInTheAuditTrailTheStateFileAndTheEscalation() throws Exception {
        var restart = new CommandActionProvider().create(Map.of("env", Map.of("STEP_TOKEN", STEP_TOKEN), "command", List.of(
                "sh", "-c", "echo using $STEP_TOKEN; echo 'sasl.jaas.config=ScramLoginModule required username=\"warden\" "
                        + "password=\"" + KAFKA_PASSWORD + "\";'; exit 3")), new ActionResources(null));

        String story = failOnceThenEscalate(restart, System.getenv());

        assertThat(audit("heal.action.finished").get(0).data().get("output").toString())
                .contains("using [hidden]", "password=[hidden]");
        assertThat(story).contains("using [hidden]");
        assertNothingKeptContains(story, STEP_TOKEN, KAFKA_PASSWORD);
    }

    @Test
    void anActionsErrorQuotingASecretOfTheDaemonsEnvironmentIsMasked() throws Exception {
        var failing = HealFixtures.restartBroker(request -> ActionResult.failed("login as warden with " + SMTP_PASSWORD
                + " refused; client.secret=abcdef123", Duration.ZERO));

        String story = failOnceThenEscalate(failing, Map.of("SMTP_PASSWORD", SMTP_PASSWORD, "PATH", "/usr/bin"));

        assertThat(audit("heal.action.finished").get(0).data().get("output"))
                .isEqualTo("login as warden with [hidden] refused; client.secret=[hidden]");
        assertNothingKeptContains(story, SMTP_PASSWORD, "abcdef123");
    }

    /** Runs {@code action} once for a broker down, lets it fail, and returns the escalation's story. */
    private String failOnceThenEscalate(RecoveryAction action, Map<String, String> daemonEnv) {
        start("broker-down", daemonEnv, new Playbook.Step("restart-broker", action,
                new RetrySpec(1, Duration.ofSeconds(10), 2.0, Duration.ofSeconds(60)), 2),
                new Playbook.Step(Playbook.Step.NOTIFY_ONLY, null, RetrySpec.DEFAULT, 1));
        brokerDownCycle(T0);
        await().atMost(Duration.ofSeconds(10)).until(() -> !audit("heal.action.finished").isEmpty());
        brokerDownCycle(T0.plusSeconds(30));
        await().atMost(Duration.ofSeconds(10)).until(() -> !audit("heal.escalated").isEmpty());
        healer.close(Duration.ofSeconds(5));
        return sent.get(sent.size() - 1).events().get(0).detail();
    }

    private void assertNothingKeptContains(String story, String... secrets) throws Exception {
        for (String kept : List.of(Files.readString(dir.resolve("audit.jsonl")), Files.readString(dir.resolve("heal-prod.json")),
                story)) {
            for (String secret : secrets) {
                assertThat(kept).doesNotContain(secret);
            }
        }
    }

    private void start(String check, Map<String, String> daemonEnv, Playbook.Step... steps) {
        var playbook = new Playbook("heal-" + check, Pattern.compile(check), Map.of(), HealMode.ON, Duration.ZERO, List.of(steps));
        audit = AuditTrail.open(dir.resolve("audit.jsonl"), 1 << 20, 1);
        healer = new Healer("prod", List.of(playbook), new HealPolicy(new HealPolicy.Limits(Duration.ofMinutes(30), 10, 1, 40.0)),
                new HealStateStore(dir.resolve("heal-prod.json")), new HealPause(dir), audit, sent::add, HealListener.NONE,
                clock, false, daemonEnv).start();
    }

    private void brokerDownCycle(Instant at) {
        clock.set(at);
        healer.onCycle(cluster(at, 3, 2), List.of(brokerDown(2, T0)), Set.of());
    }

    private static Alert lagging(String group) {
        var f = new Finding("consumer-lag/group=" + group, "consumer-lag", Severity.CRITICAL, 500_000,
                "group " + group + " is 500000 messages behind", Map.of("group", group), Map.of());
        return new Alert(f.key(), "consumer-lag", Severity.CRITICAL, "prod", T0, T0, f, f.labels(), "look at the consumers");
    }

    private List<AuditEvent> audit(String type) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(type)).events();
    }
}
