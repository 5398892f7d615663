package io.warden.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group.
 *
 * @param state         Kafka's group state: STABLE, EMPTY, PREPARING_REBALANCE, DEAD, ... (GroupState name)
 * @param type          CLASSIC or CONSUMER (the KIP-848 protocol)
 * @param coordinatorId broker coordinating the group, -1 when unknown
 * @param epoch         the group epoch when the broker reports one (consumer protocol), else -1
 * @param committed     committed offset per partition
 */
public record GroupInfo(String groupId, String state, String type, int coordinatorId, int epoch,
                        List<MemberInfo> members, Map<TopicPartition, Long> committed) {

    public GroupInfo {
        members = List.copyOf(members);
        committed = Map.copyOf(committed);
    }

    public boolean hasActiveMembers() {
        return !members.isEmpty();
    }

    /** The member a partition is assigned to, if any. */
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
