package io.warden.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C and SIGTERM for a long-running command: the JVM's shutdown hook releases the command's
 * main thread, then holds the JVM until that thread has closed everything (or the grace period ends).
 */
final class ShutdownSignal implements AutoCloseable {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    ShutdownSignal(Duration grace) {
        hook = new Thread(() -> {
            requested.countDown();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "warden-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Blocks until a shutdown is requested, or {@code limit} passes when not null. */
    void await(Duration limit) throws InterruptedException {
        if (limit == null) {
            requested.await();
        } else {
            requested.await(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Marks the cleanup done; removes the hook when the JVM is not already exiting. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            // the hook is running: it now sees the cleanup finished
        }
    }
}
