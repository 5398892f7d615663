package io.warden.dr;

import java.time.Duration;
import java.util.List;

/**
 * What a drill does.
 *
 * @param topics     source topics to drill, or empty for a drill topic the drill creates and removes
 * @param markers    marker records per topic, spread over its partitions
 * @param partitions partitions of the drill topic
 * @param markerWait how long a marker may take to appear on DR before it counts as lost
 * @param groups     groups whose translated positions to check
 * @param allGroups  check every group of the source that MirrorMaker's group filter selects
 * @param ranBy      who runs the drill, for the report ({@code user@host})
 */
public record DrillOptions(List<String> topics, int markers, int partitions, Duration markerWait, List<String> groups,
                           boolean allGroups, String ranBy) {

    public DrillOptions {
        topics = topics == null ? List.of() : List.copyOf(topics);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** True when the drill creates its own topic. */
    public boolean drillTopic() {
        return topics.isEmpty();
    }
}
