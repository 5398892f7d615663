package io.warden.watch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the monitor every interval on one thread and hands each result to the listeners (printer,
 * metrics, later alerts). A cycle that throws is logged and counted by the listeners' error hook;
 * it never stops the loop. {@link #close()} lets a running cycle finish, then stops.
 */
public final class WatchLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchLoop.class);

    /** Told about every cycle: its result, or the error that prevented one, and how long it took. */
    public interface Listener {
        void onCycle(CycleResult result, Duration took);

        default void onCycleFailed(RuntimeException error, Duration took) {
        }
    }

    private final Monitor monitor;
    private final Duration interval;
    private final List<Listener> listeners;
    private final java.time.Clock clock;
    private final String cluster;
    private final ScheduledExecutorService scheduler;

    /**
     * @param cluster names the loop's thread and goes into every log line written during a cycle
     *                ({@code cluster=...}), so several loops in one daemon can be told apart
     */
    public WatchLoop(String cluster, Monitor monitor, Duration interval, List<Listener> listeners, java.time.Clock clock) {
        this.cluster = cluster;
        this.monitor = monitor;
        this.interval = interval;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-watch-" + cluster);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleAtFixedRate(this::cycle, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs one cycle on the caller's thread (for {@code --once}) and returns its result. */
    public CycleResult runOnce() {
        long start = clock.millis();
        try (var ignored = MDC.putCloseable("cluster", cluster)) {
            CycleResult result = monitor.runCycle();
            notify(l -> l.onCycle(result, Duration.ofMillis(clock.millis() - start)));
            return result;
        }
    }

    private void cycle() {
        long start = clock.millis();
        try (var ignored = MDC.putCloseable("cluster", cluster)) {
            try {
                CycleResult result = monitor.runCycle();
                notify(l -> l.onCycle(result, Duration.ofMillis(clock.millis() - start)));
            } catch (RuntimeException e) {
                if (e instanceof io.warden.WardenException explained) {
                    // its message says what failed and what to do; a stack trace each cycle would bury it
                    LOG.error("event=cycle-failed error=\"{}\"", explained.getMessage());
                } else {
                    LOG.error("event=cycle-failed error=\"{}\"", e.toString(), e);
                }
                notify(l -> l.onCycleFailed(e, Duration.ofMillis(clock.millis() - start)));
            }
        }
    }

    private void notify(Consumer<Listener> call) {
        for (Listener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                // one broken listener must not starve the others or kill the scheduler
                LOG.error("event=listener-failed listener={} error=\"{}\"", l.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    @Override
    public void close() {
        close(interval.plusSeconds(30));
    }

    /** Lets a running cycle finish within {@code wait}, then stops; no new cycle starts. */
    public void close(Duration wait) {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
