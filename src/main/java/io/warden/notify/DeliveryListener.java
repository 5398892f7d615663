package io.warden.notify;

/**
 * Told the outcome of every delivery, e.g. to write {@code notification.sent} and
 * {@code notification.failed} audit records and to export metrics. Called on the channel's own
 * thread (or, for a notification dropped before it was tried, on the thread that dropped it): it
 * should be quick, and an exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface DeliveryListener {

    DeliveryListener NONE = (notification, result) -> { };

    void onResult(Notification notification, DeliveryResult result);
}
