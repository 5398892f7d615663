package org.apache.kafka.tools.consumer.group;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own {@code kafka-share-groups} run in-process, the reference for Warden's share group
 * lag. It lives in Kafka's package because the tool's service class is package-private.
 */
public final class KafkaShareGroupTool {

    private KafkaShareGroupTool() {
    }

    /**
     * What {@code kafka-share-groups --describe} shows: partition -> [START-OFFSET, LAG] (-1 where it prints "-").
     *
     * @param more further arguments, such as {@code --command-config FILE}
     */
    public static Map<TopicPartition, List<Long>> describeOffsets(String bootstrap, String group, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--bootstrap-server", bootstrap, "--describe", "--group", group));
        args.addAll(List.of(more));
        var opts = new ShareGroupCommandOptions(args.toArray(String[]::new));
        try (var service = new ShareGroupCommand.ShareGroupService(opts, Map.of())) {
            Map<TopicPartition, List<Long>> out = new HashMap<>();
            var offsets = service.collectGroupsOffsets(List.of(group)).get(group);
            if (offsets != null) {
                offsets.getValue().forEach(row -> out.put(new TopicPartition(row.topic(), row.partition()),
                        List.of(row.offset().orElse(-1L), row.lag().orElse(-1L))));
            }
            return out;
        }
    }
}
