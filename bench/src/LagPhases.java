import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.OffsetTimeProbe;
import io.warden.kafka.ProbeScope;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.CheckSettings;
import io.warden.watch.GroupLag;
import io.warden.watch.LagEvaluator;
import io.warden.watch.LagService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Where the time of {@code warden lag} goes: runs the steps of {@link LagService#lag} one by one in
 * one JVM, several rounds (the first is cold, as in a fresh {@code warden lag}: class loading and
 * JIT), and times each. Then times the Admin calls the cluster probe issues together, one at a time.
 *
 * <p>Usage: {@code LagPhases BOOTSTRAP [ROUNDS [COMMAND_CONFIG]]}, the last a Kafka client properties
 * file as for {@code warden lag --command-config}.
 */
public final class LagPhases {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, List<Long>> times = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path commandConfig = args.length > 2 ? Path.of(args[2]) : null;
        new LagPhases().run(bootstrap, rounds, commandConfig);
    }

    private void run(String bootstrap, int rounds, Path commandConfig) throws Exception {
        Clock clock = Clock.systemUTC();
        CheckSettings settings = CheckSettings.defaults();
        for (int round = 0; round < rounds; round++) {
            // warden lag's default --timeout, so a step that runs into it shows here as it does there
            ConnectionSettings connection = ConnectionSettings.of(bootstrap, commandConfig, Duration.ofSeconds(10));
            try (KafkaConnection kafka = time("open connection (Admin + describeCluster)", () -> KafkaConnection.open(connection))) {
                // the steps of LagService.lag in its order, so the first round is as cold as `warden lag`
                Snapshot snapshot = time("ClusterProbe.collect(lagOnly)", () -> kafka.probe(clock).collect(ProbeScope.lagOnly(null)));
                Map<TopicPartition, Set<Long>> wanted = time("lagging offsets to date", () -> laggingOffsets(snapshot));
                Map<TopicPartition, Map<Long, Long>> found = time("OffsetTimeProbe.lookup",
                        () -> new OffsetTimeProbe(connection, clock).lookup(wanted, connection.timeout()));
                Snapshot dated = snapshot.withOffsetTimes(found);
                List<GroupLag> lags = time("LagEvaluator.evaluate", () -> new LagEvaluator(settings).evaluate(SnapshotHistory.of(dated)));
                String json = time("render JSON", () -> JSON.writeValueAsString(Map.of("groups", lags)));
                time("LagService.lag (the steps above but open and render)", () -> new LagService(kafka, settings, clock).lag(Set.of(), Set.of()));
                adminCalls(kafka.admin());
                if (round == 0) {
                    System.out.printf("snapshot: %d topics, %d partitions, %d groups, %d failures; %d of %d lagging partitions dated; JSON %,d bytes%n",
                            snapshot.topics().size(), snapshot.partitions().size(), snapshot.groups().size(),
                            snapshot.failures().size(), found.size(), wanted.size(), json.length());
                }
            }
        }
        System.out.printf("%n%-58s %10s %10s%n", "phase (ms)", "first", "best later");
        times.forEach((name, list) -> System.out.printf("%-58s %10d %10s%n", name, list.get(0),
                list.size() > 1 ? Long.toString(list.subList(1, list.size()).stream().mapToLong(Long::longValue).min().getAsLong()) : "-"));
    }

    /** The Admin calls the cluster probe issues together, here one at a time to show what each costs. */
    private void adminCalls(Admin admin) throws Exception {
        Set<String> names = time("  admin listTopics", () -> admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get());
        var descriptions = time("  admin describeTopics", () -> admin.describeTopics(names).allTopicNames().get());
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        descriptions.values().forEach(d -> d.partitions().forEach(p -> {
            earliest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest());
            latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest());
        }));
        time("  admin listOffsets earliest (watch cycles only)", () -> admin.listOffsets(earliest).all().get());
        time("  admin listOffsets latest", () -> admin.listOffsets(latest).all().get());
        var groups = time("  admin listGroups", () -> admin.listGroups(ListGroupsOptions.forConsumerGroups()).valid().get());
        Set<String> ids = groups.stream().map(g -> g.groupId()).collect(Collectors.toSet());
        time("  admin describeConsumerGroups", () -> admin.describeConsumerGroups(ids).all().get());
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        ids.forEach(id -> specs.put(id, new ListConsumerGroupOffsetsSpec()));
        time("  admin listConsumerGroupOffsets", () -> admin.listConsumerGroupOffsets(specs).all().get());
        time("  admin describeMetadataQuorum", () -> admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS));
    }

    private static Map<TopicPartition, Set<Long>> laggingOffsets(Snapshot snapshot) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        snapshot.partitions().forEach(p -> ends.put(p.topicPartition(), p.logEndOffset()));
        Map<TopicPartition, Set<Long>> wanted = new HashMap<>();
        for (GroupInfo group : snapshot.groups()) {
            group.committed().forEach((tp, offset) -> {
                if (ends.getOrDefault(tp, -1L) > offset) {
                    wanted.computeIfAbsent(tp, k -> new HashSet<>()).add(offset);
                }
            });
        }
        return wanted;
    }

    private <T> T time(String phase, Callable<T> step) throws Exception {
        long start = System.nanoTime();
        T result = step.call();
        times.computeIfAbsent(phase, k -> new ArrayList<>()).add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return result;
    }
}
