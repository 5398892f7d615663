package io.warden.protect.drift;

import java.nio.file.Path;
import java.time.Clock;

/** Saves a metadata baseline and compares the cluster with one. */
public final class DriftService {

    private final MetadataReader reader;
    private final Clock clock;

    public DriftService(MetadataReader reader, Clock clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /** Reads the cluster's metadata and writes it to {@code file}. */
    public ClusterMetadata snapshot(Path file) {
        ClusterMetadata now = reader.read(clock);
        MetadataFile.write(file, now);
        return now;
    }

    /** The cluster now compared with a baseline read by {@link MetadataFile#readSnapshot}. */
    public DriftReport diff(ClusterMetadata before) {
        ClusterMetadata now = reader.read(clock);
        return new DriftReport(before.capturedAt(), now.capturedAt(), DriftDiff.between(before, now));
    }
}
