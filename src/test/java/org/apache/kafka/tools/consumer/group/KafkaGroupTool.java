package org.apache.kafka.tools.consumer.group;

import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Kafka's own {@code kafka-consumer-groups} run in-process, as the reference Warden's offset resets
 * are compared with. It lives in Kafka's package because the tool's service class is package-private.
 */
public final class KafkaGroupTool {

    private KafkaGroupTool() {
    }

    /** The offsets {@code kafka-consumer-groups --reset-offsets ... --dry-run} computes: group -> partition -> offset. */
    public static Map<String, Map<TopicPartition, Long>> resetDryRun(String... args) {
        try (var service = new ConsumerGroupCommand.ConsumerGroupService(ConsumerGroupCommandOptions.fromArgs(args), Map.of())) {
            Map<String, Map<TopicPartition, Long>> out = new TreeMap<>();
            service.resetOffsets().forEach((group, offsets) -> {
                Map<TopicPartition, Long> m = new java.util.HashMap<>();
                offsets.forEach((tp, om) -> m.put(tp, om.offset()));
                out.put(group, m);
            });
            return out;
        }
    }

    /** The CSV Kafka's {@code --reset-offsets --export} prints for these offsets. */
    public static String exportCsv(String[] args, Map<String, Map<TopicPartition, Long>> offsets) {
        try (var service = new ConsumerGroupCommand.ConsumerGroupService(ConsumerGroupCommandOptions.fromArgs(args), Map.of())) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> in = new TreeMap<>();
            offsets.forEach((g, m) -> {
                Map<TopicPartition, OffsetAndMetadata> x = new java.util.LinkedHashMap<>();
                m.forEach((tp, o) -> x.put(tp, new OffsetAndMetadata(o)));
                in.put(g, x);
            });
            return service.exportOffsetsToCsv(in);
        }
    }

    /**
     * What {@code kafka-consumer-groups --describe} shows for a group's partitions that have an
     * offset: partition -> [CURRENT-OFFSET, LAG] (-1 where the tool prints "-").
     */
    public static Map<TopicPartition, java.util.List<Long>> describeOffsets(String bootstrap, String group) throws Exception {
        String[] args = {"--bootstrap-server", bootstrap, "--describe", "--group", group};
        try (var service = new ConsumerGroupCommand.ConsumerGroupService(ConsumerGroupCommandOptions.fromArgs(args), Map.of())) {
            Map<TopicPartition, java.util.List<Long>> out = new java.util.HashMap<>();
            service.collectGroupOffsets(group).getValue().orElse(java.util.List.of()).forEach(row -> {
                if (row.topic().isPresent() && row.partition().isPresent() && row.offset().isPresent()) {
                    out.put(new TopicPartition(row.topic().get(), row.partition().get()),
                            java.util.List.of(row.offset().get(), row.lag().orElse(-1L)));
                }
            });
            return out;
        }
    }
}
