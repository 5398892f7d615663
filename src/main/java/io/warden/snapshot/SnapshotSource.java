package io.warden.snapshot;

import java.util.Set;

/**
 * Where snapshots come from: the cluster probe in production, a list of hand-built snapshots in
 * tests. Must not throw for an unreachable cluster; it returns a snapshot holding the failure.
 */
@FunctionalInterface
public interface SnapshotSource {

    /** @param expectedBrokers brokers that should be present, so missing ones can be reported */
    Snapshot collect(Set<Integer> expectedBrokers);
}
