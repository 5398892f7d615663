package io.warden.protect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The uncompressed frames of one segment being filled (layout in {@code docs/backup-format.md}).
 * Records are encoded straight from the consumer's buffers into one growing array, which is
 * reused for the next segment once written: no object per record and no copy per frame.
 */
final class SegmentFrames {

    private final int fullSize;
    private byte[] buf;
    private int size;
    private int records;
    private long firstOffset;
    private long lastOffset;
    private long minTimestamp;
    private long maxTimestamp;
    private final CRC32C frameCrc = new CRC32C();

    /** @param fullSize the size at which the owner writes the segment: growth stops doubling there */
    SegmentFrames(int initialCapacity, int fullSize) {
        this.fullSize = fullSize;
        buf = new byte[Math.max(64, Math.min(initialCapacity, fullSize))];
    }

    int size() {
        return size;
    }

    int records() {
        return records;
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    /** The lowest record timestamp, for a restore to tell which records its target's retention deletes. */
    long minTimestamp() {
        return minTimestamp;
    }

    long maxTimestamp() {
        return maxTimestamp;
    }

    byte[] array() {
        return buf;
    }

    int capacity() {
        return buf.length;
    }

    void clear() {
        size = 0;
        records = 0;
    }

    /** Appends one record; key and value are read from their position to their limit, null kept as null. */
    void add(long offset, long timestamp, byte timestampType, ByteBuffer key, ByteBuffer value, Iterable<Header> headers) {
        int headerCount = 0;
        int headerBytes = 0;
        for (Header h : headers) {
            headerCount++;
            headerBytes += 8 + utf8Length(h.key()) + (h.value() == null ? 0 : h.value().length);
        }
        int body = 8 + 8 + 1 + 4 + length(key) + 4 + length(value) + 4 + headerBytes;
        int start = begin(body);
        putLong(offset);
        putLong(timestamp);
        buf[size++] = timestampType;
        put(key);
        put(value);
        putInt(headerCount);
        for (Header h : headers) {
            put(h.key().getBytes(StandardCharsets.UTF_8));
            put(h.value());
        }
        end(start, offset, timestamp);
    }

    /** Appends a record held as an object (a segment's records written again, tests). */
    void add(BackupRecord r) {
        List<Header> headers = r.headers().stream().map(h -> (Header) new RecordHeader(h.key(), h.value())).toList();
        add(r.offset(), r.timestamp(), r.timestampType(), r.key() == null ? null : ByteBuffer.wrap(r.key()),
                r.value() == null ? null : ByteBuffer.wrap(r.value()), headers);
    }

    /** Reserves the frame's length and CRC, returns where the body starts. */
    private int begin(int body) {
        ensure(8 + body);
        putInt(body);
        size += 4; // the body's CRC32C, filled in by end()
        return size;
    }

    private void end(int bodyStart, long offset, long timestamp) {
        frameCrc.reset();
        frameCrc.update(buf, bodyStart, size - bodyStart);
        int crc = (int) frameCrc.getValue();
        int at = bodyStart - 4;
        buf[at] = (byte) (crc >>> 24);
        buf[at + 1] = (byte) (crc >>> 16);
        buf[at + 2] = (byte) (crc >>> 8);
        buf[at + 3] = (byte) crc;
        if (records == 0) {
            firstOffset = offset;
            minTimestamp = timestamp;
            maxTimestamp = timestamp;
        }
        minTimestamp = Math.min(minTimestamp, timestamp);
        maxTimestamp = Math.max(maxTimestamp, timestamp);
        lastOffset = offset;
        records++;
    }

    private static int length(ByteBuffer b) {
        return b == null ? 0 : b.remaining();
    }

    private static int utf8Length(String s) {
        int n = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return n;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            // a segment is written once it passes fullSize: room for one more record, not a doubled array
            long doubled = (long) buf.length * 2;
            long target = buf.length < fullSize ? Math.min(doubled, (long) fullSize + (64 << 10)) : size + (long) more;
            buf = Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, Math.max(size + (long) more, target)));
        }
    }

    private void put(ByteBuffer b) {
        if (b == null) {
            putInt(-1);
            return;
        }
        int n = b.remaining();
        putInt(n);
        b.duplicate().get(buf, size, n);
        size += n;
    }

    private void put(byte[] b) {
        if (b == null) {
            putInt(-1);
            return;
        }
        putInt(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    private void putInt(int v) {
        buf[size] = (byte) (v >>> 24);
        buf[size + 1] = (byte) (v >>> 16);
        buf[size + 2] = (byte) (v >>> 8);
        buf[size + 3] = (byte) v;
        size += 4;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
