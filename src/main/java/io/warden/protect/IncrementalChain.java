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
 * the base's restore progress group in the target must show every record of the base restored.
 * The base is looked for where it was when the incremental backup was taken, then beside this
 * backup (a chain moved as a whole).
 */
final class IncrementalChain {

    private IncrementalChain() {
    }

    /** Why this backup cannot be restored into the target yet; empty when it is not incremental or its base is restored. */
    static List<String> problems(Admin admin, Path dir, Manifest manifest, RestoreService.Options options, Duration timeout) {
        Manifest.Base base = manifest.base();
        if (base == null) {
            return List.of();
        }
        Set<Path> places = new LinkedHashSet<>();
        places.add(Path.of(base.path()));
        Path parent = dir.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            places.add(parent.resolve(Path.of(base.path()).getFileName()));
        }
        String missing = null;
        for (Path place : places) {
            Manifest baseManifest = Files.isRegularFile(place.resolve(Manifest.FILE)) ? Manifest.read(place.resolve(Manifest.FILE))
                    : null;
            if (baseManifest != null && !(baseManifest.createdAt().equals(base.createdAt())
                    && baseManifest.clusterId().equals(base.clusterId()))) {
                continue; // another backup now lives there
            }
            Manifest named = baseManifest != null ? baseManifest
                    : new Manifest(Manifest.FORMAT_VERSION, base.createdAt(), base.clusterId(), List.of());
            String group = RestoreService.progressGroup(place, named);
            Map<TopicPartition, OffsetAndMetadata> done = Futures.get(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata(), timeout);
            String gap = baseManifest == null ? (done.isEmpty() ? "none of it is restored" : null)
                    : notRestored(baseManifest, options, done);
            if (gap == null) {
                return List.of();
            }
            if (missing == null) {
                missing = gap + " (progress group " + group + ")";
            }
        }
        return List.of("this backup is incremental: it holds only what came after its base " + base.dir() + " (cut at "
                + base.createdAt() + "), and in this cluster " + missing + "; restore the base here first (with the same "
                + "--topics and --rename), then this backup");
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
