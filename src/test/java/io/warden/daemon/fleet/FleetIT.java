package io.warden.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Warden processes with the same {@code ha.group} watching four clusters: each cluster is
 * watched by exactly one live instance, and the clusters are spread over all three; when the owner of a cluster with a firing alert and a heal
 * in backoff is killed -9, another takes over within the session timeout and one interval and
 * continues from what the owner wrote (no second page, the action not run again); an owner
 * stopped until another took over is fenced when it runs again: it sends nothing, runs nothing and
 * gives the cluster up. Takeover times are printed.
 */
class FleetIT {

    static final List<String> INSTANCES = List.of("w1", "w2", "w3");
    /** The session timeout, then at most one interval until the new owner's first cycle, and a little for a loaded machine. */
    static final Duration TAKEOVER_LIMIT = FleetMember.SESSION_TIMEOUT.plus(FleetMember.INTERVAL).plusSeconds(2);

    @RegisterExtension
    static FleetEnvironment env = new FleetEnvironment();

    @TempDir
    Path dir;

    /**
     * Starts the three instances and waits until every cluster has exactly one live instance watching
     * it and the four clusters are spread over all three; prints how long that took.
     */
    private Fleet startSharing(String group) throws Exception {
        Fleet fleet = Fleet.start(INSTANCES, env.clusters(), env.sink(), dir, group);
        try {
            Map<String, WardenProcess> owners = oneOwnerEach(fleet);
            System.out.printf("3 instances of %s answering /health after %d ms, one owner per cluster after %d ms: %s; logs in %s%n",
                    group, fleet.startup().toMillis(), Duration.between(fleet.members().get(0).launched(), Clock.systemUTC().instant())
                            .toMillis(), owners, fleet.logDir());
            assertThat(owners.values().stream().map(WardenProcess::name).distinct()).as("4 clusters over 3 instances")
                    .containsExactlyInAnyOrderElementsOf(INSTANCES);
            return fleet;
        } catch (RuntimeException | AssertionError e) {
            fleet.close();
            throw e;
        }
    }

    /** Waits until every cluster has had exactly one instance watching it for three intervals running; returns who. */
    private static Map<String, WardenProcess> oneOwnerEach(Fleet fleet) {
        await("every cluster watched by exactly one instance").atMost(Duration.ofSeconds(60))
                .during(FleetMember.INTERVAL.multipliedBy(3)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(fleet.watchers()).as("who watches which cluster")
                        .allSatisfy((cluster, watchers) -> assertThat(watchers).hasSize(1)));
        Map<String, WardenProcess> owners = new LinkedHashMap<>();
        FleetClusters.WATCHED.forEach(c -> owners.put(c, fleet.awaitOwner(c, Duration.ofSeconds(10))));
        return owners;
    }

    private static Fleet.Takeover awaitTakeover(Fleet fleet, String cluster, WardenProcess lost, Instant at, String how) {
        Fleet.Takeover takeover = await(cluster + " taken over").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> fleet.takenOver(cluster, lost, at), Optional::isPresent).get();
        Duration took = Duration.between(at, takeover.firstCycle());
        System.out.printf("takeover after %s: %s took %s over from %s in %d ms (session timeout %d ms, interval %d ms, limit %d ms)%n",
                how, takeover.by().name(), cluster, lost.name(), took.toMillis(), FleetMember.SESSION_TIMEOUT.toMillis(),
                FleetMember.INTERVAL.toMillis(), TAKEOVER_LIMIT.toMillis());
        assertThat(took).as("from %s to the new owner's first cycle of %s", how, cluster).isLessThanOrEqualTo(TAKEOVER_LIMIT);
        return takeover;
    }

    private static void everyTransitionPagedOnce() {
        assertThat(env.sink().counts()).isNotEmpty().allSatisfy((transition, n) -> assertThat(n).as(transition.toString()).isEqualTo(1L));
    }

    @Test
    void theOwnerOfAFiringClusterKilledNineIsReplacedInTimeAndNothingIsPagedOrRunTwice() throws Exception {
        String key = "consumer-lag/group=billing-b";
        try (Fleet fleet = startSharing("fleet-kill")) {
            WardenProcess owner = fleet.awaitOwner("c1", Duration.ofSeconds(10));
            env.clusters().lag("c1", "billing-b");
            await().atMost(Duration.ofSeconds(30)).until(() -> env.sink().count("c1", key, "FIRED") == 1 && fleet.healRuns().size() == 1);
            assertThat(fleet.healRuns()).containsExactly(owner.name() + " c1 billing-b"); // failed: in backoff now

            Instant killed = owner.kill9();
            var takeover = awaitTakeover(fleet, "c1", owner, killed, "kill -9");
            WardenProcess successor = takeover.by();

            // the successor keeps cycling with the alert firing and the playbook in backoff: silence and patience
            await().atMost(Duration.ofSeconds(30)).until(() -> Fleet.cycledSince(successor, "c1",
                    takeover.firstCycle().plus(FleetMember.INTERVAL.multipliedBy(3))));
            everyTransitionPagedOnce();
            assertThat(env.sink().count("c1", key, "FIRED")).isEqualTo(1);
            assertThat(fleet.healRuns()).as("the action is not run again").hasSize(1);

            // the resolution is paged once, by the successor
            env.clusters().catchUp("c1", "billing-b");
            await().atMost(Duration.ofSeconds(30)).until(() -> env.sink().count("c1", key, "RESOLVED") == 1);
            await().during(FleetMember.INTERVAL.multipliedBy(3)).atMost(Duration.ofSeconds(15))
                    .until(() -> env.sink().count("c1", key, "RESOLVED") == 1);
            assertThat(env.sink().bySender(r -> r.type().equals("RESOLVED"))).containsOnlyKeys(successor.name());
            everyTransitionPagedOnce();
            assertThat(oneOwnerEach(fleet).values()).doesNotContain(owner);
        }
    }

    @Test
    void anOwnerStoppedUntilAnotherTookOverIsFencedWhenItRunsAgainAndGivesTheClusterUp() throws Exception {
        String first = "consumer-lag/group=billing-c";
        String second = "consumer-lag/group=ledger-c";
        try (Fleet fleet = startSharing("fleet-pause")) {
            WardenProcess owner = fleet.awaitOwner("c1", Duration.ofSeconds(10));
            env.clusters().lag("c1", "billing-c");
            await().atMost(Duration.ofSeconds(30)).until(() -> env.sink().count("c1", first, "FIRED") == 1 && fleet.healRuns().size() == 1);

            Instant paused = owner.pause();
            var takeover = awaitTakeover(fleet, "c1", owner, paused, "SIGSTOP");
            WardenProcess successor = takeover.by();

            // while the old owner is frozen the cluster changes: what it last saw is out of date
            env.clusters().catchUp("c1", "billing-c");
            env.clusters().lag("c1", "ledger-c");
            await().atMost(Duration.ofSeconds(30)).until(() -> env.sink().count("c1", first, "RESOLVED") == 1
                    && env.sink().count("c1", second, "FIRED") == 1 && fleet.healRuns().size() == 2);
            assertThat(fleet.healRuns()).containsExactly(owner.name() + " c1 billing-c", successor.name() + " c1 ledger-c");

            Instant resumed = owner.resume();
            await().atMost(Duration.ofSeconds(10)).until(owner::answers);
            // what it saw before the stop is out of date: resolved billing-c, no ledger-c
            await("the resumed instance is fenced").during(FleetMember.SESSION_TIMEOUT.plus(FleetMember.INTERVAL.multipliedBy(2)))
                    .atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> env.sink().from(owner.name(), resumed).isEmpty() && fleet.healRuns().size() == 2);
            // it may finish the cycle the stop cut short, or notice only at its next one; then it watches c1 no more
            await("the resumed instance gives c1 up").during(Fleet.FRESH).atMost(Duration.ofSeconds(30))
                    .until(() -> !Fleet.cycledSince(owner, "c1", Clock.systemUTC().instant().minus(Fleet.FRESH)));
            System.out.printf("%s resumed after %d ms stopped: sent nothing, ran nothing, gave c1 up to %s%n", owner.name(),
                    Duration.between(paused, resumed).toMillis(), successor.name());

            everyTransitionPagedOnce();
            assertThat(fleet.watching("c1")).containsExactly(successor);
            assertThat(oneOwnerEach(fleet)).hasSize(4);
        }
    }
}
