package io.warden.notify;

/**
 * Deliveries of one channel since start.
 *
 * @param sent    notifications delivered
 * @param failed  notifications given up on after the last attempt, or dropped
 * @param retries attempts that failed and were tried again
 */
public record ChannelCounts(long sent, long failed, long retries) {
}
