package io.warden.runbook.groups;

import io.warden.InputFiles;
import io.warden.WardenException;
import io.warden.kafka.RecordText;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Committed offsets as CSV, the format of Kafka's {@code kafka-consumer-groups --reset-offsets
 * --export}: {@code topic,partition,offset} for one group, {@code group,topic,partition,offset}
 * for several. No header; blank lines and lines starting with {@code #} are skipped.
 */
public final class OffsetsCsv {

    private OffsetsCsv() {
    }

    /**
     * @param defaultGroups the groups a three-column file applies to (the command's {@code --group}s)
     * @return group -> partition -> offset
     */
    public static Map<String, Map<TopicPartition, Long>> read(Path file, List<String> defaultGroups) {
        List<String> lines = InputFiles.readText(file, "offsets file", InputFiles.LARGE).lines().toList();
        return parse(file.toString(), lines, defaultGroups);
    }

    static Map<String, Map<TopicPartition, Long>> parse(String name, List<String> lines, List<String> defaultGroups) {
        Map<String, Map<TopicPartition, Long>> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",", -1);
            try {
                if (cells.length == 3) {
                    if (defaultGroups.isEmpty()) {
                        throw new WardenException(WardenException.USAGE, name + ":" + (i + 1)
                                + ": a topic,partition,offset line needs --group to say which group it is for");
                    }
                    for (String g : defaultGroups) {
                        put(out, g, cells[0], cells[1], cells[2]);
                    }
                } else if (cells.length == 4) {
                    put(out, cells[0].strip(), cells[1], cells[2], cells[3]);
                } else {
                    throw new NumberFormatException("expected topic,partition,offset or group,topic,partition,offset");
                }
            } catch (NumberFormatException e) {
                throw new WardenException(WardenException.DATA, name + ":" + (i + 1) + ": '" + RecordText.escape(line) + "': "
                        + e.getMessage());
            }
        }
        return out;
    }

    private static void put(Map<String, Map<TopicPartition, Long>> out, String group, String topic, String partition, String offset) {
        int p = Integer.parseInt(partition.strip());
        long o = Long.parseLong(offset.strip());
        if (p < 0 || o < 0) {
            throw new NumberFormatException((p < 0 ? "partition " + p : "offset " + o) + " is negative");
        }
        if (group.isEmpty() || topic.isBlank()) {
            throw new NumberFormatException("a group and a topic need a name");
        }
        out.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(new TopicPartition(topic.strip(), p), o);
    }

    /** The CSV text: three columns when there is one group, four when there are several (or {@code withGroup}). */
    public static String format(Map<String, Map<TopicPartition, Long>> offsets, boolean withGroup) {
        boolean four = withGroup || offsets.size() > 1;
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(offsets).forEach((group, partitions) -> partitions.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::topic)
                        .thenComparingInt(TopicPartition::partition)))
                .forEach(e -> sb.append(four ? group + "," : "").append(e.getKey().topic()).append(',')
                        .append(e.getKey().partition()).append(',').append(e.getValue()).append('\n')));
        return sb.toString();
    }
}
