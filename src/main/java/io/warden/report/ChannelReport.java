package io.warden.report;

/**
 * Notification delivery through one channel over the period.
 *
 * @param sent               notification.sent records
 * @param failed             notification.failed records: given up on after every retry
 * @param deliveryRate       sent / (sent + failed)
 * @param meanAttempts       attempts per notification, sent or failed
 * @param meanDeliveryMillis time from dispatch to delivered, over the sent ones; null when none was sent
 */
public record ChannelReport(String channel, int sent, int failed, Double deliveryRate, Double meanAttempts,
                            Double meanDeliveryMillis) {
}
