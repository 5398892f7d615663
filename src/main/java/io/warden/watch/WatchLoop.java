package io.warden.watch;

import io.warden.Lifecycle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the monitor every interval on one thread and hands each result to the listeners (printer,
 * metrics, later alerts). A cycle that throws is logged and counted by the listeners' error hook;
 * it never stops the loop. {@link #close()} lets a running cycle finish, then stops. Each cycle that
 * ends, well or not, is a heartbeat: {@link #stalled(Duration)} tells a loop that stopped beating.
 */
public final class WatchLoop implements Lifecycle, AutoCloseable {

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
    private ScheduledExecutorService scheduler; // null until start()
    private ScheduledFuture<?> schedule;
    private boolean closed;
    private volatile Instant beat; // when the loop started or a cycle last ended

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
    }

    @Override
    public synchronized WatchLoop start() {
        if (scheduler != null || closed) {
            throw new IllegalStateException("watch loop of " + cluster + " was already started");
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-watch-" + cluster);
            t.setDaemon(true);
            return t;
        });
        beat = clock.instant();
        schedule = scheduler.scheduleAtFixedRate(this::cycle, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
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
            } finally {
                beat = clock.instant();
            }
        }
    }

    /**
     * Why the loop is not cycling: not started, stopped, its schedule ended by an error, or no cycle
     * ended within {@code limit} (one is stuck). A cycle that ends with an unreachable cluster is a
     * beat like any other: reachability is the cluster's readiness, not the loop's liveness.
     */
    @Override
    public synchronized Optional<String> stalled(Duration limit) {
        if (scheduler == null) {
            return Optional.of(closed ? "stopped" : "not started");
        }
        if (closed || scheduler.isShutdown()) {
            return Optional.of("stopped");
        }
        if (schedule.isDone()) {
            return Optional.of("its thread ended");
        }
        Duration since = Duration.between(beat, clock.instant());
        return since.compareTo(limit) > 0
                ? Optional.of("no watch cycle ended for " + since.toSeconds() + "s, limit " + limit.toSeconds() + "s")
                : Optional.empty();
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

    /**
     * Lets a running cycle finish within {@code wait}, then interrupts it; no new cycle starts.
     *
     * @return false when a cycle had to be interrupted
     */
    @Override
    public boolean close(Duration wait) {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = scheduler;
        }
        if (running == null) {
            return true;
        }
        running.shutdown();
        try {
            if (running.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            running.shutdownNow();
            return false;
        } catch (InterruptedException e) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
