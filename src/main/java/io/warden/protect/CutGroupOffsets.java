package io.warden.protect;

import io.warden.protect.metadata.GroupOffsetsReader;
import io.warden.protect.metadata.PartitionOffset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;

/**
 * The consumer groups' committed offsets on the backed-up topics, taken with the cut, so that a
 * restore can move each group to the same record in the restored data. Restore-progress groups
 * are left out: their offsets count another backup's records, not a consumer's position.
 */
final class CutGroupOffsets {

    private CutGroupOffsets() {
    }

    static Map<String, List<PartitionOffset>> read(Admin admin, List<String> topics, Duration timeout) {
        Map<String, List<PartitionOffset>> groups = new TreeMap<>(new GroupOffsetsReader(admin, timeout).offsets(Set.copyOf(topics)));
        groups.keySet().removeIf(g -> g.startsWith(GroupOffsetsReader.DATA_RESTORE_PREFIX));
        return groups;
    }
}
