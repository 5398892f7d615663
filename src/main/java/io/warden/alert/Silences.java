package io.warden.alert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Where the silences live: a file on this host ({@link SilenceStore}), or, for a fleet of daemons
 * that share their clusters, a topic every instance reads, so a silence set anywhere holds everywhere.
 */
public interface Silences extends AutoCloseable {

    /** Every silence known, expired ones included. */
    List<Silence> all();

    /** The silences in force now. */
    List<Silence> active();

    Silence add(Map<String, String> matchers, Duration duration, String createdBy, String comment);

    /** Ends a silence now; returns false when no silence has that id. */
    boolean expire(String id);

    /** Releases what reaching them took (a file needs nothing). */
    @Override
    default void close() {
    }
}
