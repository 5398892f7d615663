package io.warden.watch;

import io.warden.snapshot.SnapshotHistory;
import java.util.List;

/**
 * A pure function from what was seen to what is wrong. Implementations do no I/O and read no
 * clock: time comes from the snapshots' {@code takenAt}. A check returns findings only for
 * problems; an empty list means healthy. Found with {@link java.util.ServiceLoader} when packaged
 * as a plugin.
 */
public interface Check {

    /** Short, stable name used in finding keys and configuration, e.g. {@code consumer-lag}. */
    String name();

    List<Finding> evaluate(SnapshotHistory history);
}
