package io.warden.protect.metadata;

/** A consumer group's committed offset on one partition. */
public record PartitionOffset(String topic, int partition, long offset) {
}
