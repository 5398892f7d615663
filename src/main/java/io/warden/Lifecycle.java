package io.warden;

import java.time.Duration;
import java.util.Optional;

/**
 * The one lifecycle of every long-lived part of the watch daemon (loop, healer, dispatcher, HTTP
 * endpoint, a cluster's watch, the daemon itself): build it, {@link #start()} it once, then
 * {@link #close(Duration)} it once. A constructor starts no thread and no executor, so a part that
 * fails to build leaves nothing running; whoever starts parts closes them in reverse order.
 */
public interface Lifecycle {

    /**
     * Starts the part's threads. At most once; a part that was closed cannot be started again.
     *
     * @return this, so a part can be built and started in one expression
     */
    Lifecycle start();

    /**
     * Stops the part: work under way may finish within {@code timeout}, what is left is interrupted.
     * Harmless before {@link #start()} and when called again.
     *
     * @return true when the part finished cleanly within {@code timeout}, false when it had to cut work short
     */
    boolean close(Duration timeout);

    /**
     * Why the part is not doing its work now, or empty when it is: not started, closed, its thread
     * gone, or busy with one piece of work for longer than {@code limit}. For a liveness probe: what
     * a process supervisor restarts Warden on, so a slow or unreachable cluster must not show here.
     */
    default Optional<String> stalled(Duration limit) {
        return Optional.empty();
    }
}
