package io.warden.daemon.fleet;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several Warden processes, each with its own {@link FleetMember} config and files, watching the
 * same {@link FleetClusters} and paging the same {@link NotificationSink}. Who watches a cluster is
 * read from behaviour, not from a role field: an instance watches a cluster when its {@code /health}
 * shows a cycle of it that ended within {@link #FRESH}.
 */
final class Fleet implements AutoCloseable {

    /** A cycle this recent means the instance is watching the cluster (three intervals: one slow cycle is not a gap). */
    static final Duration FRESH = FleetMember.INTERVAL.multipliedBy(3);

    private final Map<String, WardenProcess> members;
    private final Path healRuns;
    private final Path logDir;
    private final Duration startup;

    /** Who took a cluster over, and when that instance's first cycle of it ended. */
    record Takeover(WardenProcess by, Instant firstCycle) {
    }

    private Fleet(Map<String, WardenProcess> members, Path healRuns, Path logDir, Duration startup) {
        this.members = members;
        this.healRuns = healRuns;
        this.logDir = logDir;
        this.startup = startup;
    }

    /**
     * Starts one process per instance name at once and returns when every one answers {@code /health}.
     *
     * @param haGroup the instances' {@code ha.group}, or null for instances that each watch every cluster alone
     */
    static Fleet start(List<String> instances, FleetClusters clusters, NotificationSink sink, Path dir, String haGroup)
            throws IOException {
        Path healRuns = dir.resolve("heal-runs");
        Path logs = Path.of("target", "fleet", dir.getFileName().toString());
        List<Path> configs = new ArrayList<>();
        for (String instance : instances) {
            configs.add(new FleetMember(instance, dir.resolve(instance)).writeConfig(clusters.bootstrapServers(),
                    clusters.homeBootstrapServers(), sink.url(instance), healRuns, haGroup));
        }
        Map<String, WardenProcess> members = new LinkedHashMap<>();
        Fleet fleet = null;
        try {
            for (int i = 0; i < instances.size(); i++) {
                members.put(instances.get(i), WardenProcess.start(instances.get(i), configs.get(i), logs));
            }
            Instant launched = members.values().iterator().next().launched();
            members.values().forEach(WardenProcess::awaitListening);
            await("every instance answering /health").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> members.values().stream().allMatch(WardenProcess::answers));
            fleet = new Fleet(members, healRuns, logs, Duration.between(launched, Clock.systemUTC().instant()));
            return fleet;
        } finally {
            if (fleet == null) {
                members.values().forEach(WardenProcess::close);
            }
        }
    }

    WardenProcess member(String instance) {
        return members.get(instance);
    }

    List<WardenProcess> members() {
        return List.copyOf(members.values());
    }

    /** From launching the first process to every one answering {@code /health}. */
    Duration startup() {
        return startup;
    }

    /** The live, answering instances that watch {@code cluster} now. */
    List<WardenProcess> watching(String cluster) {
        Instant now = Clock.systemUTC().instant();
        return members.values().stream().filter(WardenProcess::isAlive)
                .filter(m -> cycledSince(m, cluster, now.minus(FRESH))).toList();
    }

    /** Who watches each cluster now, by name; for an assertion whose failure says who. */
    Map<String, List<String>> watchers() {
        Map<String, List<String>> all = new LinkedHashMap<>();
        FleetClusters.WATCHED.forEach(c -> all.put(c, watching(c).stream().map(WardenProcess::name).toList()));
        return all;
    }

    /** Whether {@code member} finished a cycle of {@code cluster} after {@code since}. */
    static boolean cycledSince(WardenProcess member, String cluster, Instant since) {
        return member.lastCycle(cluster).filter(t -> t.isAfter(since)).isPresent();
    }

    /** The one instance watching {@code cluster}, once there is exactly one. */
    WardenProcess awaitOwner(String cluster, Duration atMost) {
        return await("exactly one instance watching " + cluster).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> watching(cluster), w -> w.size() == 1).get(0);
    }

    /** The first instance other than {@code previous} seen with a cycle of {@code cluster} that ended after {@code since}. */
    Optional<Takeover> takenOver(String cluster, WardenProcess previous, Instant since) {
        for (WardenProcess m : members.values()) {
            if (m != previous && m.isAlive()) {
                Optional<Instant> last = m.lastCycle(cluster).filter(t -> t.isAfter(since));
                if (last.isPresent()) {
                    return Optional.of(new Takeover(m, last.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Each run of the heal command, as {@code INSTANCE CLUSTER GROUP}. */
    List<String> healRuns() throws IOException {
        return Files.exists(healRuns) ? Files.readAllLines(healRuns) : List.of();
    }

    /** Where each process writes {@code NAME.out} and {@code NAME.err}. */
    Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        members.values().forEach(WardenProcess::close);
    }
}
