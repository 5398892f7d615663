package io.warden.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Answers that cost a read of the cluster (a DLQ's records, a group's lag diagnosis), made at most
 * once per key while fresh: pages polling every few seconds get the answer already made. A read
 * runs on {@code executor} (a small pool with a short queue, so asks cannot pile up threads) and a
 * caller waits for it at most {@code wait}; the read goes on, and a later ask gets it. A failure
 * is kept as long as an answer, so a cluster that does not answer is not asked again on every poll.
 */
final class DetailCache<K, V> {

    /** The read did not end within the wait, or no reader was free to start it: ask again shortly. */
    static final class NotYet extends RuntimeException {
        NotYet(String message) {
            super(message, null, false, false);
        }
    }

    private final Clock clock;
    private final Duration fresh;
    private final Duration wait;
    private final Executor executor;
    private final Map<K, Entry<V>> entries = new HashMap<>();

    DetailCache(Clock clock, Duration fresh, Duration wait, Executor executor) {
        this.clock = clock;
        this.fresh = fresh;
        this.wait = wait;
        this.executor = executor;
    }

    private static final class Entry<V> {
        final CompletableFuture<V> answer = new CompletableFuture<>();
        volatile Instant doneAt;

        boolean stale(Instant now, Duration fresh) {
            Instant done = doneAt;
            return done != null && !now.isBefore(done.plus(fresh));
        }
    }

    /**
     * The answer for {@code key}: kept, being read, or read now by {@code read}.
     *
     * @throws NotYet when it is not there within the wait
     * @throws RuntimeException what the read threw, kept while fresh
     */
    V get(K key, Function<K, V> read) {
        Entry<V> entry;
        synchronized (this) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> e.stale(now, fresh)); // bounded by the keys asked for within fresh
            entry = entries.get(key);
            if (entry == null) {
                entry = start(key, read);
            }
        }
        try {
            return entry.answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new NotYet("still reading after " + wait.toSeconds() + " s; ask again shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotYet("interrupted while waiting for the read");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private Entry<V> start(K key, Function<K, V> read) {
        Entry<V> entry = new Entry<>();
        try {
            executor.execute(() -> {
                try {
                    V value = read.apply(key);
                    entry.doneAt = clock.instant();
                    entry.answer.complete(value);
                } catch (RuntimeException | Error e) { // whatever ends the read ends the wait for it
                    entry.doneAt = clock.instant();
                    entry.answer.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new NotYet("every reader is busy; ask again shortly");
        }
        entries.put(key, entry);
        return entry;
    }
}
