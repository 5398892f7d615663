package io.warden.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * What became of one notification on one channel.
 *
 * @param channel  the channel's name
 * @param attempts how many times it was tried (0 when it was dropped before the first try)
 * @param took     from the first attempt to the outcome, retries and their waits included
 * @param error    the last failure, empty when the notification was delivered; its message is
 *                 safe to log for the built-in channels
 */
public record DeliveryResult(String channel, int attempts, Duration took, Optional<Throwable> error) {

    public boolean delivered() {
        return error.isEmpty();
    }

    /** Why it failed, in one line; empty when delivered. */
    public String reason() {
        return error.map(DeliveryResult::describe).orElse("");
    }

    static String describe(Throwable e) {
        if (e instanceof DeliveryException) {
            return e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + DeliveryException.oneLine(e.getMessage());
    }
}
