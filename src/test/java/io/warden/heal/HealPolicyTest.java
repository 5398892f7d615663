package io.warden.heal;

import static io.warden.heal.HealFixtures.T0;
import static io.warden.heal.HealFixtures.brokerDown;
import static io.warden.heal.HealFixtures.cluster;
import static io.warden.heal.HealFixtures.playbook;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.heal.Decision.Act;
import io.warden.heal.Decision.Escalate;
import io.warden.heal.Decision.Ignore;
import io.warden.heal.Decision.Wait;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealPolicyTest {

    private final HealPolicy policy = new HealPolicy(new HealPolicy.Limits(Duration.ofMinutes(30), 3, 1, 40.0));
    private final HealFixtures.ScriptedAction restart = new HealFixtures.ScriptedAction(0, true);
    private final Playbook on = playbook(HealMode.ON, Duration.ofMinutes(2), restart, null);

    private Decision decide(Playbook p, Incident inc, ClusterView view, Instant now) {
        return policy.decide(brokerDown(2, T0), p, inc, new HealPolicy.Context(view, false, null, null, 0, null, now));
    }

    private static ClusterView oneDown() {
        return ClusterView.of(cluster(T0, 3, 2));
    }

    private static Incident incident() {
        return new Incident("broker-down/broker=2", "restart-broker", T0);
    }

    @Test
    void withinTheGracePeriodItWaitsForTheBrokerToComeBackByItself() {
        Decision d = decide(on, incident(), oneDown(), T0.plusSeconds(60));

        assertThat(d).isInstanceOfSatisfying(Wait.class, w -> {
            assertThat(w.until()).isEqualTo(T0.plusSeconds(120));
            assertThat(w.reason()).contains("grace period");
        });
    }

    @Test
    void afterTheGracePeriodItRunsTheFirstStep() {
        Decision d = decide(on, incident(), oneDown(), T0.plusSeconds(120));

        assertThat(d).isEqualTo(new Act(0, "restart-broker", 1, false, "run restart-broker (step 1, attempt 1 of 2)"));
    }

    @Test
    void twoOfThreeBrokersDownIsTooWideABlastRadiusToAct() {
        Decision d = decide(on, incident(), ClusterView.of(cluster(T0, 3, 2, 3)), T0.plusSeconds(600));

        assertThat(d).isInstanceOfSatisfying(Escalate.class, e -> assertThat(e.reason())
                .contains("blast radius: 2 of 3 brokers are down [2, 3]", "limit of 1 broker(s) or 40%"));
    }

    @Test
    void aLostQuorumOrAnUnansweringClusterEscalatesInsteadOfActingBlind() {
        var noController = new ClusterView(3, java.util.Set.of(), true, false);
        var unanswered = new ClusterView(0, java.util.Set.of(), false, true);

        assertThat(decide(on, incident(), noController, T0.plusSeconds(600)).reason()).contains("quorum is lost");
        assertThat(decide(on, incident(), unanswered, T0.plusSeconds(600))).isInstanceOf(Escalate.class);
    }

    @Test
    void aRunningOrUnverifiedAttemptIsWaitedForSoOneFailureIsHealedOnce() {
        Incident running = incident();
        running.attempts.add(new Attempt(0, "restart-broker", 1, T0, null, "RUNNING", null, null));
        Incident verifying = incident();
        verifying.attempts.add(new Attempt(0, "restart-broker", 1, T0, T0, "DONE", 0, ""));
        verifying.verifyCyclesLeft = 2;

        assertThat(decide(on, running, oneDown(), T0.plusSeconds(600)).reason()).contains("is running");
        assertThat(decide(on, verifying, oneDown(), T0.plusSeconds(600)).reason()).contains("must resolve within 2 more cycle(s)");
    }

    @Test
    void afterAFailedAttemptItBacksOffThenTriesAgainThenMovesToTheNextStep() {
        Incident inc = incident();
        inc.attempts.add(new Attempt(0, "restart-broker", 1, T0, T0, "FAILED", 1, "boom"));
        inc.nextAttemptAt = T0.plusSeconds(130);

        assertThat(decide(on, inc, oneDown(), T0.plusSeconds(125))).isInstanceOfSatisfying(Wait.class,
                w -> assertThat(w.until()).isEqualTo(T0.plusSeconds(130)));
        assertThat(decide(on, inc, oneDown(), T0.plusSeconds(130))).isInstanceOfSatisfying(Act.class,
                a -> assertThat(a.attempt()).isEqualTo(2));

        inc.attempts.add(new Attempt(0, "restart-broker", 2, T0, T0, "UNVERIFIED", 0, ""));
        // both attempts of step 1 used up: step 2 is notify-only, so a human is told
        assertThat(decide(on, inc, oneDown(), T0.plusSeconds(600))).isInstanceOfSatisfying(Escalate.class,
                e -> assertThat(e.reason()).contains("notify only at step 2"));
        Playbook noFallback = playbook(HealMode.ON, Duration.ZERO, restart);
        assertThat(decide(noFallback, inc, oneDown(), T0.plusSeconds(600))).isInstanceOfSatisfying(Escalate.class,
                e -> assertThat(e.reason()).contains("used up: 2 attempt(s)"));
    }

    @Test
    void anEscalatedIncidentIsLeftToTheHuman() {
        Incident inc = incident();
        inc.escalatedAt = T0;

        assertThat(decide(on, inc, oneDown(), T0.plusSeconds(600))).isInstanceOf(Ignore.class);
    }

    @Test
    void silencedPausedAndOffMeanNoAction() {
        var alert = brokerDown(2, T0);
        var later = T0.plusSeconds(600);

        assertThat(policy.decide(alert, on, incident(), new HealPolicy.Context(oneDown(), true, null, null, 0, null, later)))
                .isInstanceOfSatisfying(Wait.class, w -> assertThat(w.reason()).contains("silenced"));
        assertThat(policy.decide(alert, on, incident(), new HealPolicy.Context(oneDown(), false, "by alice", null, 0, null, later)))
                .isInstanceOfSatisfying(Wait.class, w -> assertThat(w.reason()).contains("paused (by alice)", "handled on resume"));
        assertThat(decide(playbook(HealMode.OFF, Duration.ZERO, restart), incident(), oneDown(), later)).isInstanceOf(Ignore.class);
    }

    @Test
    void aDryRunDecidesOnceOnPaper() {
        Playbook dry = playbook(HealMode.DRY_RUN, Duration.ZERO, restart);
        Incident inc = incident();

        assertThat(decide(dry, inc, oneDown(), T0)).isInstanceOfSatisfying(Act.class, a -> assertThat(a.dryRun()).isTrue());
        inc.dryRunTold = true;
        assertThat(decide(dry, inc, oneDown(), T0.plusSeconds(30))).isInstanceOf(Ignore.class);
    }

    @Test
    void oneBrokerActionAtATimeACooldownAndAnHourlyBudget() {
        var alert = brokerDown(2, T0);
        var later = T0.plusSeconds(600);

        assertThat(policy.decide(alert, on, incident(), new HealPolicy.Context(oneDown(), false, null, "broker-down/broker=3", 0,
                null, later))).isInstanceOfSatisfying(Wait.class, w -> assertThat(w.reason()).contains("one broker-affecting action"));
        assertThat(policy.decide(alert, on, incident(), new HealPolicy.Context(oneDown(), false, null, null, 0,
                later.plusSeconds(60), later))).isInstanceOfSatisfying(Wait.class, w -> assertThat(w.reason()).contains("cooldown"));
        assertThat(policy.decide(alert, on, incident(), new HealPolicy.Context(oneDown(), false, null, null, 3, null, later)))
                .isInstanceOfSatisfying(Escalate.class, e -> assertThat(e.reason()).contains("hourly budget used up"));
    }

    @Test
    void backoffGrowsByTheMultiplierUpToTheMaximum() {
        var retry = new RetrySpec(5, Duration.ofSeconds(10), 1.5, Duration.ofSeconds(20));

        assertThat(retry.delayAfter(0)).isZero();
        assertThat(retry.delayAfter(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(retry.delayAfter(2)).isEqualTo(Duration.ofSeconds(15));
        assertThat(retry.delayAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(retry.delayAfter(9)).isEqualTo(Duration.ofSeconds(20));
    }

    /** The offline-partitions alert the partition check raises for one partition with this ELR. */
    private static io.warden.alert.Alert offline(java.util.List<Integer> elr) {
        var partition = new io.warden.snapshot.PartitionInfo("payments", 0, -1, java.util.List.of(1, 2, 3), java.util.List.of(),
                -1, -1, elr, java.util.List.of());
        var snapshot = new io.warden.snapshot.Snapshot(T0, cluster(T0, 3).cluster(),
                java.util.List.of(new io.warden.snapshot.TopicInfo("payments", false, 2, java.util.List.of(partition))),
                java.util.List.of(), java.util.List.of(), java.util.Map.of(), java.util.List.of(), 5, null);
        var f = new io.warden.watch.PartitionCheck(io.warden.watch.CheckSettings.defaults())
                .evaluate(io.warden.snapshot.SnapshotHistory.of(snapshot)).stream()
                .filter(x -> x.key().equals("offline-partitions")).findFirst().orElseThrow();
        return new io.warden.alert.Alert(f.key(), "offline-partitions", f.severity(), "prod", T0, T0, f, f.labels(), "");
    }

    @Test
    void anOfflinePartitionWithoutEligibleLeaderReplicaEscalatesInsteadOfActing() {
        var context = new HealPolicy.Context(ClusterView.of(cluster(T0, 3)), false, null, null, 0, null, T0.plusSeconds(600));

        Decision empty = policy.decide(offline(java.util.List.of()), on, incident(), context);
        Decision eligible = policy.decide(offline(java.util.List.of(2)), on, incident(), context);

        assertThat(empty).isInstanceOfSatisfying(Escalate.class, e -> assertThat(e.reason())
                .contains("1 partition(s) have no eligible leader replica: only an unclean leader election", "Warden never does that"));
        assertThat(eligible).isInstanceOf(Act.class);
    }
}
