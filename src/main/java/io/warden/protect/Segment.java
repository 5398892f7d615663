package io.warden.protect;

import io.warden.AtomicFiles;
import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/**
 * One segment file of a backup (see {@code docs/backup-format.md}): a fixed header with the record
 * count, first and last offset and the CRC32C of the uncompressed frames, then the zstd-compressed
 * frames. Each frame carries its own length and CRC32C so a damaged one can be named.
 */
public final class Segment {

    static final byte[] MAGIC = {'W', 'S', 'G', '1'};
    static final int HEADER_BYTES = 4 + 1 + 4 + 8 + 8 + 4 + 4 + 4;
    static final String SUFFIX = ".seg";
    /** The smallest frame: length, CRC, offset, timestamp, type, key and value lengths, header count. */
    static final int MIN_FRAME_BYTES = 4 + 4 + 8 + 8 + 1 + 4 + 4 + 4;
    /** The uncompressed frames of one segment a reader may hold: several are read at once. */
    static final int MAX_FRAME_BYTES = (int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 8);
    /** The compressed bytes of the segment a thread reads, kept for its next one. */
    private static final ThreadLocal<byte[]> COMPRESSED = new ThreadLocal<>();

    /** How a segment's frames are compressed: the codec byte of its header. */
    public enum Codec {
        /** zstd at level 1: about 1 GB/s per core, and entropy coding packs even text without repeats. */
        ZSTD(1),
        /** One LZ4 block: about 3 GB/s per core; packs repeated strings (JSON, Avro field names), not random text. */
        LZ4(2);

        final byte id;

        Codec(int id) {
            this.id = (byte) id;
        }

        static Codec of(byte id) {
            for (Codec c : values()) {
                if (c.id == id) {
                    return c;
                }
            }
            return null;
        }
    }

    /** What a segment's header says. */
    public record Info(int records, long firstOffset, long lastOffset, int crc32c, int uncompressedBytes, int compressedBytes,
                       Codec codec) {
    }

    /** A segment that does not read back as written, with the byte position (of the file, or of the frames) and frame. */
    public static final class CorruptException extends Exception {
        public CorruptException(String message) {
            super(message);
        }
    }

    private Segment() {
    }

    static String fileName(long startOffset) {
        return String.format("%020d%s", startOffset, SUFFIX);
    }

    /** Writes the records atomically; returns the header and the bytes written. */
    static Written write(Path file, List<BackupRecord> records) throws IOException {
        SegmentFrames frames = new SegmentFrames(4096, Integer.MAX_VALUE);
        records.forEach(frames::add);
        try (Compressor compressor = new Compressor(Codec.ZSTD)) {
            return write(file, frames, compressor);
        }
    }

    /** Compresses the frames and writes them atomically; the frames are left as they were. */
    static Written write(Path file, SegmentFrames frames, Compressor compressor) throws IOException {
        Encoded e = encode(frames, compressor);
        DirectIo.writeAtomically(file, e.bytes().array(), e.bytes().remaining());
        return e.written();
    }

    /** Compresses the frames and writes them atomically into the store; the frames are left as they were. */
    static Written write(BackupStore store, String name, SegmentFrames frames, Compressor compressor) throws IOException {
        Encoded e = encode(frames, compressor);
        store.write(name, e.bytes().array(), e.bytes().remaining());
        return e.written();
    }

    /** A segment file's bytes (in the compressor's buffer, valid until its next segment) and what they hold. */
    private record Encoded(ByteBuffer bytes, Written written) {
    }

    private static Encoded encode(SegmentFrames frames, Compressor compressor) {
        CRC32C crc = new CRC32C();
        crc.update(frames.array(), 0, frames.size());
        ByteBuffer out = compressor.compress(frames.array(), frames.size());
        int compressed = out.remaining() - HEADER_BYTES;
        Info info = new Info(frames.records(), frames.firstOffset(), frames.lastOffset(), (int) crc.getValue(), frames.size(),
                compressed, compressor.codec);
        out.duplicate().put(MAGIC).put(info.codec().id).putInt(info.records())
                .putLong(info.firstOffset()).putLong(info.lastOffset()).putInt(info.crc32c())
                .putInt(info.uncompressedBytes()).putInt(info.compressedBytes());
        CRC32C fileCrc = new CRC32C();
        fileCrc.update(out.array(), 0, out.remaining());
        return new Encoded(out, new Written(info, HEADER_BYTES + info.compressedBytes(), Long.toHexString(fileCrc.getValue())));
    }

    record Written(Info info, long bytes, String fileCrc32c) {
    }

    /**
     * The codec with its context and output buffer kept from segment to segment: zstd at level 1
     * (level 3 cost the backup three times the CPU for a few per cent of size), or LZ4. One per
     * writing thread. The output leaves room for the header in front.
     */
    static final class Compressor implements AutoCloseable {
        static final int LEVEL = 1;
        final Codec codec;
        private final ZstdCompressCtx ctx;
        private final LZ4Compressor lz4;
        private byte[] out = new byte[0];

        Compressor(Codec codec) {
            this.codec = codec;
            this.ctx = codec == Codec.ZSTD ? new ZstdCompressCtx().setLevel(LEVEL) : null;
            this.lz4 = codec == Codec.LZ4 ? LZ4Factory.fastestInstance().fastCompressor() : null;
        }

        /** The file's bytes: {@link #HEADER_BYTES} left for the header, then the compressed frames. */
        ByteBuffer compress(byte[] src, int length) {
            int bound = HEADER_BYTES + (lz4 != null ? lz4.maxCompressedLength(length) : (int) Zstd.compressBound(length));
            if (out.length < bound) {
                out = new byte[bound];
            }
            int n = lz4 != null ? lz4.compress(src, 0, length, out, HEADER_BYTES, out.length - HEADER_BYTES)
                    : ctx.compressByteArray(out, HEADER_BYTES, out.length - HEADER_BYTES, src, 0, length);
            return ByteBuffer.wrap(out, 0, HEADER_BYTES + n);
        }

        @Override
        public void close() {
            if (ctx != null) {
                ctx.close();
            }
        }
    }

    /** The CRC32C in hex of a file's bytes (position 0 to the limit), as the manifest keeps it. */
    static String crc32c(ByteBuffer all) {
        CRC32C crc = new CRC32C();
        crc.update(all.duplicate());
        return Long.toHexString(crc.getValue());
    }

    /**
     * The header of a file's bytes (position 0 to the limit), checked against its length before any
     * of its numbers is used: the frames' size must be what the compressed bytes can hold (an LZ4
     * block expands at most 255 times, a zstd frame says its size) and within a share of the heap,
     * and the record count what such frames can hold, so a flipped bit is reported as damage
     * instead of sizing an array.
     */
    static Info header(String file, ByteBuffer all) throws CorruptException {
        int length = all.limit();
        if (length < HEADER_BYTES) {
            throw new CorruptException(file + ": truncated at byte " + length + " (header is " + HEADER_BYTES + " bytes)");
        }
        ByteBuffer b = all.duplicate();
        byte[] magic = new byte[4];
        b.get(magic);
        Codec codec = Codec.of(b.get());
        if (!java.util.Arrays.equals(magic, MAGIC) || codec == null) {
            throw new CorruptException(file + ": byte 0: not a Warden segment (bad magic or codec)");
        }
        Info info = new Info(b.getInt(), b.getLong(), b.getLong(), b.getInt(), b.getInt(), b.getInt(), codec);
        int compressed = length - HEADER_BYTES;
        if (info.compressedBytes() != compressed) {
            throw new CorruptException(file + ": byte " + HEADER_BYTES + ": header says " + info.compressedBytes()
                    + " compressed bytes follow, the file has " + compressed + (compressed < info.compressedBytes() ? " (truncated)" : ""));
        }
        long expandsTo = codec == Codec.LZ4 ? 255L * compressed + 64
                : Zstd.getFrameContentSize(all.array(), all.arrayOffset() + HEADER_BYTES, compressed);
        if (info.uncompressedBytes() < MIN_FRAME_BYTES || (codec == Codec.LZ4 ? info.uncompressedBytes() > expandsTo
                : info.uncompressedBytes() != expandsTo)) {
            throw new CorruptException(file + ": byte 29: header says " + info.uncompressedBytes() + " uncompressed bytes, "
                    + (codec == Codec.LZ4 ? "more than " + compressed + " bytes of LZ4 can hold"
                    : expandsTo < 0 ? "the zstd frame does not say its size" : "the zstd frame says " + expandsTo));
        }
        if (info.uncompressedBytes() > MAX_FRAME_BYTES) {
            throw new CorruptException(file + ": byte 29: header says " + info.uncompressedBytes() + " uncompressed bytes, more than "
                    + MAX_FRAME_BYTES + " (an eighth of this JVM's heap) for one segment: check it with a larger -Xmx");
        }
        if (info.records() < 1 || (long) info.records() * MIN_FRAME_BYTES > info.uncompressedBytes()) {
            throw new CorruptException(file + ": byte 5: header says " + info.records() + " records, " + info.uncompressedBytes()
                    + " uncompressed bytes hold 1 to " + info.uncompressedBytes() / MIN_FRAME_BYTES);
        }
        if (info.firstOffset() < 0 || info.lastOffset() < info.firstOffset() || info.lastOffset() - info.firstOffset() < info.records() - 1) {
            throw new CorruptException(file + ": byte 9: header says offsets " + info.firstOffset() + " to " + info.lastOffset()
                    + " for " + info.records() + " records");
        }
        return info;
    }

    /** Reads and checks every frame: the CRC32C of each, of all, the count and the offsets. */
    public static List<BackupRecord> read(Path file) throws IOException, CorruptException {
        return readFrames(file).records();
    }

    /**
     * The checked, uncompressed frames of a segment, parsed into records one at a time: a restore
     * keeps only the frames of the segments it reads ahead, not a record object per record.
     */
    public record Frames(String file, byte[] raw, int[] starts, int[] lengths) {

        public int count() {
            return starts.length;
        }

        /** Every record, parsed. */
        public List<BackupRecord> records() throws CorruptException {
            List<BackupRecord> records = new ArrayList<>(count());
            for (int i = 0; i < count(); i++) {
                records.add(record(i));
            }
            return records;
        }

        /** The i-th record; a frame whose CRC32C matched but that does not parse was written wrong. */
        public BackupRecord record(int i) throws CorruptException {
            try {
                return parse(ByteBuffer.wrap(raw, starts[i], lengths[i]));
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new CorruptException(file + ": frame " + i + " at uncompressed byte " + (starts[i] - 8) + ": truncated frame");
            }
        }
    }

    /** Reads and checks every frame as {@link #read} does, without parsing the records. */
    public static Frames readFrames(Path file) throws IOException, CorruptException {
        return readFrames(file, byte[]::new);
    }

    /**
     * As {@link #readFrames(Path)}, with the uncompressed frames in an array from {@code buffers}
     * (at least as long as asked for) and the compressed bytes in an array this thread reuses.
     */
    static Frames readFrames(Path file, IntFunction<byte[]> buffers) throws IOException, CorruptException {
        return frames(file.toString(), DirectIo.read(file, COMPRESSED.get()), buffers);
    }

    /** A segment file's bytes, in an array this thread reuses for its next file. */
    static ByteBuffer readFile(BackupStore store, String name) throws IOException, CorruptException {
        byte[] reused = COMPRESSED.get();
        ByteBuffer all = store.read(name, reused);
        if (all.array() != reused) {
            COMPRESSED.set(all.array());
        }
        return all;
    }

    /** The checked frames of a segment file's bytes (position 0 to the limit, in an accessible array), as {@link #readFrames}. */
    static Frames frames(String file, ByteBuffer all, IntFunction<byte[]> buffers) throws CorruptException {
        Info info = header(file, all);
        byte[] raw = buffers.apply(info.uncompressedBytes());
        long size;
        try {
            size = info.codec() == Codec.LZ4
                    ? LZ4Factory.fastestInstance().safeDecompressor().decompress(all.array(), HEADER_BYTES, all.limit() - HEADER_BYTES,
                            raw, 0, info.uncompressedBytes())
                    : Zstd.decompressByteArray(raw, 0, info.uncompressedBytes(), all.array(), HEADER_BYTES, all.limit() - HEADER_BYTES);
        } catch (RuntimeException e) {
            throw new CorruptException(file + ": byte " + HEADER_BYTES + ": compressed frames do not decompress ("
                    + e.getMessage() + ")");
        }
        if (Zstd.isError(size)) {
            throw new CorruptException(file + ": byte " + HEADER_BYTES + ": compressed frames do not decompress ("
                    + Zstd.getErrorName(size) + ")");
        }
        if (size != info.uncompressedBytes()) {
            throw new CorruptException(file + ": byte " + HEADER_BYTES + ": frames decompress to " + size
                    + " bytes, header says " + info.uncompressedBytes());
        }
        int[] starts = new int[info.records()];
        int[] lengths = new int[info.records()];
        int frame = 0;
        long first = -1;
        long last = -1;
        ByteBuffer b = ByteBuffer.wrap(raw, 0, info.uncompressedBytes());
        while (b.hasRemaining()) {
            int position = b.position();
            try {
                int length = b.getInt();
                int crc = b.getInt();
                if (length < 8 || length > b.remaining()) {
                    throw new BufferUnderflowException();
                }
                CRC32C actual = new CRC32C();
                actual.update(raw, b.position(), length);
                if ((int) actual.getValue() != crc) {
                    throw new CorruptException(file + ": frame " + frame + " at uncompressed byte " + position
                            + ": CRC32C mismatch");
                }
                if (frame < starts.length) {
                    starts[frame] = b.position();
                    lengths[frame] = length;
                }
                last = b.getLong(b.position()); // a frame's body starts with the record's offset
                first = frame == 0 ? last : first;
                b.position(b.position() + length);
                frame++;
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new CorruptException(file + ": frame " + frame + " at uncompressed byte " + position + ": truncated frame");
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(raw, 0, info.uncompressedBytes());
        if ((int) crc.getValue() != info.crc32c()) {
            throw new CorruptException(file + ": byte 0: CRC32C of the frames differs from the header");
        }
        if (frame != info.records() || first != info.firstOffset() || last != info.lastOffset()) {
            throw new CorruptException(file + ": byte 0: header says " + info.records() + " records " + info.firstOffset() + ".."
                    + info.lastOffset() + ", frames hold " + frame);
        }
        return new Frames(file, raw, starts, lengths);
    }

    private static BackupRecord parse(ByteBuffer b) {
        long offset = b.getLong();
        long timestamp = b.getLong();
        byte type = b.get();
        byte[] key = bytes(b);
        byte[] value = bytes(b);
        int count = b.getInt();
        if (count < 0) {
            throw new IllegalArgumentException("negative header count");
        }
        List<BackupRecord.Header> headers = new ArrayList<>(Math.min(count, 64));
        for (int i = 0; i < count; i++) {
            headers.add(new BackupRecord.Header(new String(bytes(b), StandardCharsets.UTF_8), bytes(b)));
        }
        return new BackupRecord(offset, timestamp, type, key, value, headers);
    }

    private static byte[] bytes(ByteBuffer b) {
        int length = b.getInt();
        if (length == -1) {
            return null;
        }
        if (length < 0 || length > b.remaining()) {
            throw new IllegalArgumentException("bad length " + length);
        }
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }
}
