package io.warden.protect;

import io.warden.kafka.Futures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * An incremental backup holds only what came after its base, so it restores only on top of it:
 * the base's restore progress group in the target (named by the base's cluster and cut time, so
 * wherever the base lives now) must show every record of the base restored.
 */
final class IncrementalChain {

    private IncrementalChain() {
    }

    /** Why this backup cannot be restored into the target yet; empty when it is not incremental or its base is restored. */
    static List<String> problems(Admin admin, BackupStore store, Manifest manifest, RestoreService.Options options, Duration timeout) {
        Manifest.Base base = manifest.base();
        if (base == null) {
            return List.of();
        }
        String group = RestorePlanner.progressGroup(base.clusterId(), base.createdAt());
        Map<TopicPartition, OffsetAndMetadata> done = Futures.get(admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata(), timeout);
        Manifest baseManifest = find(store.localDir(), base);
        String gap = baseManifest == null ? (done.isEmpty() ? "none of it is restored" : null) : notRestored(baseManifest, options, done);
        if (gap == null) {
            return List.of();
        }
        return List.of("this backup is incremental: it holds only what came after its base " + base.dir() + " (cut at "
                + base.createdAt() + "), and in this cluster " + gap + " (progress group " + group + "); restore the base here "
                + "first (with the same --topics and --rename), then this backup");
    }

    /**
     * The base's manifest, to tell whether every partition of it is restored: where it was when this
     * backup was taken, or beside this one (a chain moved as a whole, {@code dir} null in object
     * storage). Null when neither holds it.
     */
    private static Manifest find(Path dir, Manifest.Base base) {
        Set<Path> places = new LinkedHashSet<>();
        places.add(Path.of(base.path()));
        Path parent = dir == null ? null : dir.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            places.add(parent.resolve(Path.of(base.path()).getFileName()));
        }
        for (Path place : places) {
            if (Files.isRegularFile(place.resolve(Manifest.FILE))) {
                Manifest m = Manifest.read(place.resolve(Manifest.FILE));
                if (m.createdAt().equals(base.createdAt()) && m.clusterId().equals(base.clusterId())) {
                    return m;
                }
            }
        }
        return null;
    }

    /** The first partition of the base whose records are not all restored, or null. */
    private static String notRestored(Manifest base, RestoreService.Options options, Map<TopicPartition, OffsetAndMetadata> done) {
        List<String> gaps = new ArrayList<>();
        for (Manifest.Topic t : base.topics()) {
            if (options.topics() != null && !options.topics().matcher(t.name()).matches()) {
                continue;
            }
            String target = options.rename().getOrDefault(t.name(), t.name());
            for (Manifest.Partition p : t.partitions()) {
                if (p.segments().isEmpty()) {
                    continue;
                }
                long last = p.segments().get(p.segments().size() - 1).lastOffset();
                OffsetAndMetadata committed = done.get(new TopicPartition(target, p.partition()));
                if (committed == null || committed.offset() <= last) {
                    gaps.add(target + "-" + p.partition() + (committed == null ? " is not restored"
                            : " is restored only up to offset " + committed.offset() + " of " + (last + 1)));
                }
            }
        }
        return gaps.isEmpty() ? null : gaps.get(0) + (gaps.size() > 1 ? " (and " + (gaps.size() - 1) + " more partitions)" : "");
    }
}
