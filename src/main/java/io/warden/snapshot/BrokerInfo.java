package io.warden.snapshot;

/** A live broker. {@code rack} is null when the broker has none. */
public record BrokerInfo(int id, String host, int port, String rack) {
}
