package io.warden.snapshot;

import java.util.List;
import org.apache.kafka.common.TopicPartition;

/**
 * A member of a group and the partitions assigned to it; for a streams group, the input partitions
 * of its active tasks.
 */
public record MemberInfo(String memberId, String clientId, String host, List<TopicPartition> assignment) {

    public MemberInfo {
        assignment = List.copyOf(assignment);
    }
}
