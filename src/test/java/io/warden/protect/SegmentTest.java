package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentTest {

    @TempDir
    Path dir;

    static final List<BackupRecord> RECORDS = List.of(
            new BackupRecord(3, 1000, (byte) 0, null, new byte[0],
                    List.of(new BackupRecord.Header("h", new byte[] {1}), new BackupRecord.Header("h", null))),
            new BackupRecord(7, 1001, (byte) 0, new byte[0], null, List.of()),
            new BackupRecord(8, 1002, (byte) 1, new byte[] {0, -1}, new byte[] {9}, List.of()));

    @Test
    void recordsReadBackAsWrittenWithNullDistinctFromEmpty() throws Exception {
        Path file = dir.resolve(Segment.fileName(3));
        Segment.Written w = Segment.write(file, RECORDS);
        assertThat(w.info().records()).isEqualTo(3);
        assertThat(Segment.crc32c(DirectIo.read(file))).isEqualTo(w.fileCrc32c());
        List<BackupRecord> read = Segment.read(file);
        assertThat(read).hasSize(3);
        assertThat(read.get(0).key()).isNull();
        assertThat(read.get(0).value()).isEmpty();
        assertThat(read.get(0).headers()).extracting(BackupRecord.Header::key).containsExactly("h", "h");
        assertThat(read.get(0).headers().get(1).value()).isNull();
        assertThat(read.get(1).key()).isEmpty();
        assertThat(read.get(1).value()).isNull();
        assertThat(read.get(2).offset()).isEqualTo(8);
        assertThat(read.get(2).timestampType()).isEqualTo((byte) 1);
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aSegmentCompressedAtLevel3AsBeforeReadsTheSame() throws Exception {
        Path file = dir.resolve(Segment.fileName(3));
        Segment.write(file, RECORDS);
        byte[] now = Files.readAllBytes(file);
        byte[] frames = com.github.luben.zstd.Zstd.decompress(java.util.Arrays.copyOfRange(now, Segment.HEADER_BYTES, now.length),
                java.nio.ByteBuffer.wrap(now, Segment.HEADER_BYTES - 8, 4).getInt());
        byte[] level3 = com.github.luben.zstd.Zstd.compress(frames, 3);
        java.nio.ByteBuffer old = java.nio.ByteBuffer.allocate(Segment.HEADER_BYTES + level3.length)
                .put(now, 0, Segment.HEADER_BYTES - 4).putInt(level3.length).put(level3);
        Files.write(file, old.array());
        assertThat(Segment.read(file)).usingRecursiveFieldByFieldElementComparator().isEqualTo(RECORDS);
    }

    @Test
    void framesOfManyRecordsGrowPastTheirFirstBufferAndReadBack() throws Exception {
        List<BackupRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(new BackupRecord(i, 1000 + i, (byte) 0, ("k" + i).getBytes(), new byte[i % 700],
                    List.of(new BackupRecord.Header("é", new byte[] {(byte) i}))));
        }
        Path file = dir.resolve(Segment.fileName(0));
        Segment.write(file, many);
        assertThat(Segment.read(file).stream().map(SegmentTest::text)).containsExactlyElementsOf(many.stream().map(SegmentTest::text).toList());
    }

    private static String text(BackupRecord r) {
        return r.offset() + "|" + r.timestamp() + "|" + java.util.Arrays.toString(r.key()) + "|" + java.util.Arrays.toString(r.value())
                + "|" + r.headers().stream().map(h -> h.key() + "=" + java.util.Arrays.toString(h.value())).toList();
    }

    @Test
    void aTruncatedOrFlippedFileIsNamedWithItsPosition() throws Exception {
        Path file = dir.resolve(Segment.fileName(3));
        Segment.write(file, RECORDS);
        byte[] data = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(data, data.length - 1));
        assertThatThrownBy(() -> Segment.read(file)).isInstanceOf(Segment.CorruptException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("byte 37");
        data[Segment.HEADER_BYTES + 5] ^= 0x20;
        Files.write(file, data);
        assertThatThrownBy(() -> Segment.read(file)).isInstanceOf(Segment.CorruptException.class)
                .hasMessageContaining(file.toString()).hasMessageMatching(".*(byte|frame) \\d+.*");
    }

    @Test
    void framesReadIntoAReusedLongerArrayHoldTheSegmentAloneAndAreStillChecked() throws Exception {
        Path small = dir.resolve(Segment.fileName(3));
        Segment.write(small, RECORDS);
        List<BackupRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(new BackupRecord(100 + i, i, (byte) 0, null, new byte[i % 300], List.of()));
        }
        Path large = dir.resolve(Segment.fileName(100));
        Segment.write(large, many);
        byte[] reused = new byte[1 << 20];
        java.util.Arrays.fill(reused, (byte) 0x5a); // the previous segment's bytes, as a restore hands it back
        Segment.readFrames(large, n -> reused);
        Segment.Frames frames = Segment.readFrames(small, n -> reused);
        assertThat(frames.raw()).isSameAs(reused);
        List<BackupRecord> read = new java.util.ArrayList<>();
        for (int i = 0; i < frames.count(); i++) {
            read.add(frames.record(i));
        }
        assertThat(read.stream().map(SegmentTest::text)).containsExactlyElementsOf(RECORDS.stream().map(SegmentTest::text).toList());
        byte[] data = Files.readAllBytes(small);
        data[data.length - 3] ^= 0x11;
        Files.write(small, data);
        assertThatThrownBy(() -> Segment.readFrames(small, n -> reused)).isInstanceOf(Segment.CorruptException.class)
                .hasMessageContaining(small.toString());
    }

    @Test
    void lz4SegmentsReadBackAsWrittenAndADamagedOneIsNamed() throws Exception {
        List<BackupRecord> many = new java.util.ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            many.add(new BackupRecord(i, 1000 + i, (byte) 0, ("key-" + (i % 10)).getBytes(), ("{\"n\":" + i + "}").getBytes(),
                    List.of(new BackupRecord.Header("trace", null))));
        }
        SegmentFrames frames = new SegmentFrames(4096, Integer.MAX_VALUE);
        many.forEach(frames::add);
        Path file = dir.resolve(Segment.fileName(0));
        Segment.Written w;
        try (Segment.Compressor lz4 = new Segment.Compressor(Segment.Codec.LZ4)) {
            w = Segment.write(file, frames, lz4);
        }
        assertThat(w.info().codec()).isEqualTo(Segment.Codec.LZ4);
        assertThat(Files.readAllBytes(file)[4]).isEqualTo((byte) 2);
        assertThat(w.bytes()).isLessThan(frames.size() / 2); // repeated keys and JSON field names pack
        assertThat(Segment.read(file).stream().map(SegmentTest::text)).containsExactlyElementsOf(many.stream().map(SegmentTest::text).toList());
        byte[] data = Files.readAllBytes(file);
        data[Segment.HEADER_BYTES + 40] ^= 0x7f;
        Files.write(file, data);
        assertThatThrownBy(() -> Segment.read(file)).isInstanceOf(Segment.CorruptException.class)
                .hasMessageContaining(file.toString()).hasMessageMatching(".*(byte|frame) \\d+.*");
    }
}
