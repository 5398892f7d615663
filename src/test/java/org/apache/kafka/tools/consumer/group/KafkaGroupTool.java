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
}
