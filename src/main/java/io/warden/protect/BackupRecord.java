package io.warden.protect;

import java.util.List;

/**
 * One Kafka record as a backup keeps it: its original offset, timestamp and timestamp type, key
 * and value (null distinct from empty; a null value is a tombstone) and headers in their order,
 * duplicates included.
 */
public record BackupRecord(long offset, long timestamp, byte timestampType, byte[] key, byte[] value, List<Header> headers) {

    /** A header; a null value is kept as null. */
    public record Header(String key, byte[] value) {
    }
}
