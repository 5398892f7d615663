package io.warden.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet kit against Warden without {@code ha:}: three instances watching the same four clusters
 * each page and each heal the same alert (the duplicate page and repeated action that one owner per
 * cluster prevents); kill -9 leaves no process behind; SIGSTOP freezes an instance (no {@code /health},
 * no page) and SIGCONT brings it back to cycling and paging.
 */
class FleetKitIT {

    @RegisterExtension
    static FleetEnvironment env = new FleetEnvironment();

    @TempDir
    Path dir;

    @Test
    void clustersStartedSideBySideLeaveStdoutAsItWas() {
        // each start silences stdout while Kafka formats its storage, and must give back the stream it found
        assertThat(env.stdoutKept()).isTrue();
    }

    @Test
    void withoutHaEveryInstancePagesAndHealsTheSameAlert() throws Exception {
        String key = "consumer-lag/group=billing";
        env.clusters().lag("c1", "billing");
        try (Fleet fleet = Fleet.start(List.of("w1", "w2", "w3"), env.clusters(), env.sink(), dir, null)) {
            await("every instance watching every cluster").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> FleetClusters.WATCHED.stream().allMatch(c -> fleet.watching(c).size() == 3));
            System.out.printf("3 Warden processes (%s) started at once: serving HTTP after %s ms, all 3 answering /health after %d ms,"
                            + " all watching 4 clusters after %d ms (load average %s)%n", String.join(" ", WardenProcess.JVM_OPTIONS),
                    fleet.members().stream().map(m -> Long.toString(m.startup().toMillis())).toList(), fleet.startup().toMillis(),
                    Duration.between(fleet.members().get(0).launched(), Clock.systemUTC().instant()).toMillis(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

            await().atMost(Duration.ofSeconds(30)).until(() -> env.sink().count("c1", key, "FIRED") == 3 && fleet.healRuns().size() == 3);
            // each instance on its own pages once and acts once; three of them page three times
            await().during(FleetMember.INTERVAL.multipliedBy(3)).atMost(Duration.ofSeconds(15))
                    .until(() -> env.sink().count("c1", key, "FIRED") == 3 && fleet.healRuns().size() == 3);
            assertThat(env.sink().bySender(r -> r.type().equals("FIRED"))).containsOnlyKeys("w1", "w2", "w3")
                    .allSatisfy((sender, n) -> assertThat(n).isEqualTo(1L));
            assertThat(fleet.healRuns()).containsExactlyInAnyOrder("w1 c1 billing", "w2 c1 billing", "w3 c1 billing");
            assertThat(env.sink().counts().keySet()).allSatisfy(t -> assertThat(t.cluster()).isEqualTo("c1"));
        }
    }

    @Test
    void killNineEndsTheProcessStopFreezesItAndContinueBringsItBack() throws Exception {
        try (Fleet fleet = Fleet.start(List.of("k1", "k2"), env.clusters(), env.sink(), dir, null)) {
            WardenProcess killed = fleet.member("k1");
            WardenProcess frozen = fleet.member("k2");
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.watching("c2").size() == 2);

            long pid = killed.pid();
            killed.kill9();
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(killed.answers()).isFalse();
            await("the other instance lives on").atMost(Duration.ofSeconds(10)).until(frozen::answers);

            Instant stopped = frozen.pause();
            assertThat(frozen.isAlive()).isTrue();
            assertThat(frozen.answers()).as("a stopped process answers nothing").isFalse();
            assertThat(frozen.lastCycle("c2")).isEmpty();

            // a stopped process does nothing: a group that starts lagging now is paged only after SIGCONT
            String key = "consumer-lag/group=frozen";
            env.clusters().lag("c2", "frozen");
            await().during(FleetMember.INTERVAL.multipliedBy(3)).atMost(Duration.ofSeconds(15))
                    .until(() -> env.sink().count("c2", key, "FIRED") == 0);

            Instant resumed = frozen.resume();
            await().atMost(Duration.ofSeconds(10)).until(frozen::answers);
            await("cycling again after SIGCONT").atMost(Duration.ofSeconds(10))
                    .until(() -> Fleet.cycledSince(frozen, "c2", resumed));
            await().atMost(Duration.ofSeconds(30)).until(() -> env.sink().from("k2", resumed).stream()
                    .anyMatch(r -> r.key().equals(key) && r.type().equals("FIRED")));
            System.out.printf("SIGSTOP held %s for %d ms; after SIGCONT it answered /health, cycled and paged again%n", frozen,
                    Duration.between(stopped, resumed).toMillis());
        }
    }
}
