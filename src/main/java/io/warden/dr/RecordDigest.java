package io.warden.dr;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * What Warden compares of a record to tell whether a replica record is the copy of a source
 * record: its timestamp and digests of its key, value and headers. Record contents are untrusted
 * and never kept or printed; only these digests are.
 *
 * @param offset    the record's offset in its own partition (not compared)
 * @param timestamp the record's timestamp; MirrorMaker copies it
 * @param key       digest of the key bytes (a null key and an empty one differ)
 * @param value     digest of the value bytes
 * @param headers   digest of the headers, in order
 */
public record RecordDigest(long offset, long timestamp, long key, long value, long headers) {

    private static final long NULL = 0x6e756c6cL;

    /** True when both are the same record as far as a copy can show: everything but the offset. */
    public boolean sameContent(RecordDigest other) {
        return timestamp == other.timestamp && key == other.key && value == other.value && headers == other.headers;
    }

    public static RecordDigest of(ConsumerRecord<byte[], byte[]> r) {
        MessageDigest headers = sha256();
        for (Header h : r.headers()) {
            field(headers, h.key() == null ? null : h.key().getBytes(StandardCharsets.UTF_8));
            field(headers, h.value());
        }
        return new RecordDigest(r.offset(), r.timestamp(), digest(r.key()), digest(r.value()), first8(headers.digest()));
    }

    static long digest(byte[] bytes) {
        if (bytes == null) {
            return NULL;
        }
        return first8(sha256().digest(bytes));
    }

    /** Length-prefixed, so headers ("ab","c") and ("a","bc") differ; -1 marks null. */
    private static void field(MessageDigest d, byte[] bytes) {
        d.update(ByteBuffer.allocate(4).putInt(bytes == null ? -1 : bytes.length).array());
        if (bytes != null) {
            d.update(bytes);
        }
    }

    private static long first8(byte[] hash) {
        return ByteBuffer.wrap(hash, 0, 8).getLong();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
