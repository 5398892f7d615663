package io.warden.runbook.groups;

import io.warden.kafka.KafkaConnection;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.MemberInfo;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import io.warden.watch.CheckSettings;
import io.warden.watch.GroupLag;
import io.warden.watch.LagService;
import io.warden.watch.PartitionLag;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Read-only views of groups of every type: the list with total lag, and per group its partitions (with
 * lag in messages and seconds, from {@link LagService}), members and state.
 */
public final class GroupsService {

    private final KafkaConnection connection;
    private final Clock clock;

    public GroupsService(KafkaConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    /** One line of {@code groups list}; {@code problem} says why the group could not be described, else null. */
    public record GroupSummary(String group, String state, GroupType type, int members, List<String> topics, long totalLag,
                               String problem) {
    }

    /**
     * A group as Kafka describes it, with its lag.
     *
     * @param lag        lag of the partitions with a committed offset, null when it has none
     * @param uncommitted partitions a member owns without a committed offset yet (offset and lag -1)
     */
    public record GroupDetail(GroupInfo info, GroupLag lag, List<PartitionLag> uncommitted) {
        public GroupDetail {
            uncommitted = List.copyOf(uncommitted);
        }
    }

    public List<GroupSummary> list() {
        List<GroupSummary> out = new ArrayList<>();
        for (GroupDetail d : describe(Set.of())) {
            Set<String> topics = new TreeSet<>();
            d.info().committed().keySet().forEach(tp -> topics.add(tp.topic()));
            d.info().members().forEach(m -> m.assignment().stream().map(TopicPartition::topic).forEach(topics::add));
            out.add(new GroupSummary(d.info().groupId(), d.info().state(), d.info().type(), d.info().members().size(),
                    List.copyOf(topics), d.lag() == null ? 0 : d.lag().totalLag(), d.info().problem()));
        }
        return out;
    }

    /**
     * @param groups the groups to describe; empty for all
     */
    public List<GroupDetail> describe(Set<String> groups) {
        var result = new LagService(connection, CheckSettings.defaults(), clock).lag(groups, Set.of());
        Map<String, GroupLag> lags = result.groups().stream()
                .collect(Collectors.toMap(GroupLag::group, Function.identity(), (a, b) -> a));
        return result.snapshot().groups().stream()
                .filter(g -> groups.isEmpty() || groups.contains(g.groupId()))
                .sorted(java.util.Comparator.comparing(GroupInfo::groupId))
                .map(g -> new GroupDetail(g, lags.get(g.groupId()), uncommitted(g, result.snapshot())))
                .toList();
    }

    private static List<PartitionLag> uncommitted(GroupInfo g, Snapshot snapshot) {
        List<PartitionLag> out = new ArrayList<>();
        for (MemberInfo m : g.members()) {
            for (TopicPartition tp : m.assignment()) {
                if (!g.committed().containsKey(tp)) {
                    long end = snapshot.partitions().stream().filter(p -> p.topicPartition().equals(tp))
                            .mapToLong(PartitionInfo::logEndOffset).findFirst().orElse(-1);
                    out.add(new PartitionLag(g.groupId(), tp.topic(), tp.partition(), -1, end, -1, null, false, 0, null,
                            m.memberId(), m.clientId(), m.host()));
                }
            }
        }
        out.sort(java.util.Comparator.comparing(PartitionLag::topic).thenComparingInt(PartitionLag::partition));
        return out;
    }
}
