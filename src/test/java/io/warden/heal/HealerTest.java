package io.warden.heal;

import static io.warden.heal.HealFixtures.T0;
import static io.warden.heal.HealFixtures.brokerDown;
import static io.warden.heal.HealFixtures.cluster;
import static io.warden.heal.HealFixtures.playbook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.warden.alert.AlertEvent;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.audit.AuditTrail;
import io.warden.notify.Notification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The healing thread end to end with a scripted action: act, verify, recover; retry with backoff
 * and escalate once; continue after a restart; record an action stopped by shutdown.
 */
class HealerTest {

    @TempDir
    Path dir;

    private final HealFixtures.MovingClock clock = new HealFixtures.MovingClock(T0);
    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private final List<Healer> healers = new CopyOnWriteArrayList<>();
    private AuditTrail audit;

    /** Whether healing was paused, as each cycle told the listener (for the {@code warden_heal_paused} gauge). */
    private final List<Boolean> told = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HealListener pausedTold = new HealListener() {
        @Override
        public void paused(boolean paused) {
            told.add(paused);
        }
    };

    private Healer healer(Playbook playbook) {
        return healer(playbook, false);
    }

    private Healer healer(Playbook playbook, boolean dryRun) {
        if (audit == null) {
            audit = AuditTrail.open(dir.resolve("audit.jsonl"), 1 << 20, 1);
        }
        var policy = new HealPolicy(new HealPolicy.Limits(Duration.ofMinutes(30), 10, 1, 40.0));
        Healer h = new Healer("prod", List.of(playbook), policy, new HealStateStore(dir.resolve("heal-prod.json")),
                new HealPause(dir), audit, sent::add, pausedTold, clock, dryRun).start();
        healers.add(h);
        return h;
    }

    @AfterEach
    void close() {
        healers.forEach(h -> h.close(Duration.ofSeconds(5)));
        if (audit != null) {
            audit.close();
        }
    }

    private void cycle(Healer h, Instant at, boolean firing) {
        clock.set(at);
        h.onCycle(cluster(at, 3, firing ? new Integer[] {2} : new Integer[0]), firing ? List.of(brokerDown(2, T0)) : List.of(),
                Set.of());
    }

    private List<String> types() {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.all()).events().stream()
                .map(AuditEvent::type).filter(t -> t.startsWith("heal.")).toList();
    }

    private List<AuditEvent> events(String type) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(type)).events();
    }

    @Test
    void aHealerTakesNoWorkBeforeItStartsAndSaysSoToALivenessProbe() {
        var policy = new HealPolicy(new HealPolicy.Limits(Duration.ofMinutes(30), 10, 1, 40.0));
        audit = AuditTrail.open(dir.resolve("audit.jsonl"), 1 << 20, 1);
        Healer h = new Healer("prod", List.of(playbook(HealMode.ON, Duration.ZERO, new HealFixtures.ScriptedAction(0, true))),
                policy, new HealStateStore(dir.resolve("heal-prod.json")), new HealPause(dir), audit, sent::add,
                HealListener.NONE, clock, false);
        healers.add(h);

        assertThat(h.stalled(Duration.ofMinutes(1))).contains("not started");
        assertThatThrownBy(() -> cycle(h, T0, true)).isInstanceOf(IllegalStateException.class);
        assertThat(h.start().stalled(Duration.ofMinutes(1))).isEmpty();
        assertThat(h.close(Duration.ofSeconds(5))).isTrue();
        assertThat(h.stalled(Duration.ofMinutes(1))).contains("stopped");
    }

    @Test
    void actsVerifiesAndRecordsTheRecoveryWithItsTimeToRecover() {
        var restart = new HealFixtures.ScriptedAction(0, true);
        Healer h = healer(playbook(HealMode.ON, Duration.ZERO, restart));
        cycle(h, T0.minusSeconds(30), false); // broker 2 seen up: its host is known

        cycle(h, T0, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains("heal.action.finished"));
        assertThat(restart.runs).singleElement().satisfies(r -> {
            assertThat(r.target()).containsEntry("broker.id", "2").containsEntry("broker.host", "kafka2.example.com");
        });
        cycle(h, T0.plusSeconds(30), false);

        await().atMost(Duration.ofSeconds(10)).until(() -> types().contains("heal.recovered"));
        assertThat(types()).containsExactly("heal.decided", "heal.action.started", "heal.action.finished", "heal.recovered");
        assertThat(events("heal.recovered").get(0).data()).containsEntry("detectToRecoverSeconds", 30)
                .containsEntry("lastAttempt", "VERIFIED");
        assertThat(sent).singleElement().satisfies(n -> assertThat(n.events().get(0).type()).isEqualTo(AlertEvent.Type.HEALING));
    }

    @Test
    void aFailingActionIsRetriedWithBackoffThenEscalatedOnceWithEveryExitCode() {
        var restart = new HealFixtures.ScriptedAction(7, true);
        Healer h = healer(playbook(HealMode.ON, Duration.ZERO, restart, null));
        cycle(h, T0.minusSeconds(30), false);

        cycle(h, T0, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> events("heal.action.finished").size() == 1);
        assertThat(events("heal.action.finished").get(0).data()).containsEntry("exitCode", 7)
                .containsEntry("nextAttemptAt", T0.plusSeconds(10).toString());
        cycle(h, T0.plusSeconds(5), true); // backing off
        cycle(h, T0.plusSeconds(10), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> events("heal.action.finished").size() == 2);
        cycle(h, T0.plusSeconds(60), true);
        cycle(h, T0.plusSeconds(90), true);

        await().atMost(Duration.ofSeconds(10)).until(() -> sent.stream().anyMatch(HealerTest::escalation));
        assertThat(restart.runs).hasSize(2);
        assertThat(sent.stream().filter(HealerTest::escalation)).singleElement().satisfies(n -> {
            String story = n.events().get(0).detail();
            assertThat(story).contains("notify only at step 2", "restart-broker #1", "restart-broker #2", "kafka2.example.com");
            assertThat(story.split("exit code 7", -1)).hasSize(3);
        });
        assertThat(events("heal.decided")).extracting(e -> e.data().get("decision"))
                .containsSubsequence("ACT", "WAIT", "ACT", "ESCALATE", "IGNORE");
    }

    @Test
    void aRestartInTheMiddleOfTheBackoffContinuesTheCount() {
        var restart = new HealFixtures.ScriptedAction(1, true);
        Healer first = healer(playbook(HealMode.ON, Duration.ZERO, restart, null));
        cycle(first, T0, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> events("heal.action.finished").size() == 1);
        first.close(Duration.ofSeconds(5));

        Healer second = healer(playbook(HealMode.ON, Duration.ZERO, restart, null));
        cycle(second, T0.plusSeconds(5), true); // still within the backoff the first one set
        cycle(second, T0.plusSeconds(11), true);

        await().atMost(Duration.ofSeconds(10)).until(() -> events("heal.action.finished").size() == 2);
        assertThat(restart.runs).extracting(ActionRequest::attempt).containsExactly(1, 2);
    }

    @Test
    void shutdownDuringAnActionRecordsItAndTheNextStartDoesNotRepeatIt() {
        var started = new CountDownLatch(1);
        RecoveryAction hangs = HealFixtures.restartBroker(request -> {
            started.countDown();
            new CountDownLatch(1).await();
            return ActionResult.done("", Duration.ZERO);
        });
        Healer first = healer(playbook(HealMode.ON, Duration.ZERO, hangs));
        cycle(first, T0, true);
        await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);

        first.close(Duration.ofMillis(200));

        assertThat(events("heal.action.finished")).singleElement()
                .satisfies(e -> assertThat(e.data()).containsEntry("outcome", "INTERRUPTED"));
        var counting = new HealFixtures.ScriptedAction(0, true);
        Healer second = healer(playbook(HealMode.ON, Duration.ZERO, counting));
        cycle(second, T0.plusSeconds(1), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> events("heal.decided").size() == 2);
        assertThat(counting.runs).isEmpty();
        assertThat(events("heal.decided").get(1).data().get("reason").toString()).contains("backing off after attempt 1 interrupted");
    }

    @Test
    void anAlertRaisedWhilePausedIsKeptAndActedOnWhenHealingResumes() {
        var restart = new HealFixtures.ScriptedAction(0, true);
        Healer h = healer(playbook(HealMode.ON, Duration.ZERO, restart));
        var pause = new HealPause(dir);
        pause.pause("alice", "kafka upgrade", T0);

        cycle(h, T0, true);
        cycle(h, T0.plusSeconds(30), true);
        await().atMost(Duration.ofSeconds(10)).until(() -> events("heal.decided").size() == 1);
        assertThat(restart.runs).isEmpty();
        assertThat(events("heal.paused")).singleElement().satisfies(e -> assertThat(e.data().get("reason").toString())
                .contains("alice", "kafka upgrade"));

        pause.resume();
        cycle(h, T0.plusSeconds(60), true);

        await().atMost(Duration.ofSeconds(10)).until(() -> restart.runs.size() == 1);
        assertThat(types()).containsSubsequence("heal.paused", "heal.decided", "heal.resumed", "heal.decided", "heal.action.started");
        assertThat(told).containsExactly(true, true, false);
    }

    @Test
    void aDryRunWatchDecidesAndAuditsButRunsSendsAndSavesNothing() {
        var restart = new HealFixtures.ScriptedAction(0, true);
        Healer h = healer(playbook(HealMode.ON, Duration.ZERO, restart), true);

        cycle(h, T0, true);

        await().atMost(Duration.ofSeconds(10)).until(() -> !events("heal.decided").isEmpty());
        assertThat(events("heal.decided").get(0).data().get("reason").toString()).startsWith("dry run: would run restart-broker");
        h.close(Duration.ofSeconds(5));
        assertThat(restart.runs).isEmpty();
        assertThat(sent).isEmpty();
        assertThat(dir.resolve("heal-prod.json")).doesNotExist();
    }

    private static boolean escalation(Notification n) {
        return n.events().get(0).type() == AlertEvent.Type.ESCALATED;
    }
}
