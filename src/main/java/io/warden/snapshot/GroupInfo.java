package io.warden.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * A group of any {@link GroupType}.
 *
 * @param state         Kafka's group state: STABLE, EMPTY, ASSIGNING, RECONCILING, PREPARING_REBALANCE, DEAD, ...
 *                      (GroupState name), UNKNOWN when the group could not be described
 * @param type          CLASSIC, CONSUMER, SHARE or STREAMS
 * @param coordinatorId broker coordinating the group, -1 when unknown
 * @param epoch         the group epoch when the broker reports one (all but classic groups), else -1
 * @param committed     per partition, the committed offset; for a share group the start offset
 *                      (the first record not yet acknowledged)
 * @param reportedLag   lag per partition as the broker computes it, for share groups (acquired and
 *                      acknowledged records past the start offset do not count); empty for the others
 * @param problem       why the group could not be described (it is still listed, with what is known), else null
 */
public record GroupInfo(String groupId, String state, GroupType type, int coordinatorId, int epoch,
                        List<MemberInfo> members, Map<TopicPartition, Long> committed,
                        Map<TopicPartition, Long> reportedLag, String problem) {

    public GroupInfo {
        members = List.copyOf(members);
        // compact and in partition order: a watch keeps a group's offsets over many cycles
        committed = PartitionOffsets.copyOf(committed);
        reportedLag = PartitionOffsets.copyOf(reportedLag);
    }

    /** A group that was described without trouble and whose lag Warden computes from log ends. */
    public GroupInfo(String groupId, String state, GroupType type, int coordinatorId, int epoch,
                     List<MemberInfo> members, Map<TopicPartition, Long> committed) {
        this(groupId, state, type, coordinatorId, epoch, members, committed, Map.of(), null);
    }

    public boolean hasActiveMembers() {
        return !members.isEmpty();
    }

    /** The member a partition is assigned to, if any (the first one for a share group, whose members share partitions). */
    public Optional<MemberInfo> owner(TopicPartition tp) {
        return members.stream().filter(m -> m.assignment().contains(tp)).findFirst();
    }

    /**
     * A value that changes whenever the group rebalances: the epoch when the broker reports one,
     * otherwise the member ids and their assignments.
     */
    public String generationFingerprint() {
        if (epoch >= 0) {
            return "epoch:" + epoch;
        }
        return members.stream().map(m -> m.memberId() + "=" + m.assignment()).sorted().toList().toString();
    }
}
