package org.apache.kafka.tools.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own {@code kafka-streams-groups} run in-process, the reference for Warden's streams
 * group lag. It lives in Kafka's package because the tool's service class is package-private.
 */
public final class KafkaStreamsGroupTool {

    private KafkaStreamsGroupTool() {
    }

    /** What {@code kafka-streams-groups --describe --offsets} shows: partition -> [CURRENT-OFFSET, LAG] (-1 for "-"). */
    public static Map<TopicPartition, List<Long>> describeOffsets(String bootstrap, String group) throws Exception {
        var opts = StreamsGroupCommandOptions.fromArgs(new String[] {"--bootstrap-server", bootstrap, "--describe",
            "--offsets", "--group", group});
        try (var service = new StreamsGroupCommand.StreamsGroupService(opts, Map.of())) {
            Map<TopicPartition, List<Long>> out = new HashMap<>();
            service.getOffsets(service.getDescribeGroup(group)).forEach((tp, info) ->
                    out.put(tp, List.of(info.currentOffset().orElse(-1L), info.lag() == null ? -1L : info.lag())));
            return out;
        }
    }
}
