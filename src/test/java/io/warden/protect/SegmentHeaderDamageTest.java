package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a real segment file of either codec, when any one bit of its 37-byte header is flipped,
 * then {@code backup verify} reports the file as damaged and a reader refuses it, and neither
 * throws an Error nor asks for an array larger than the segment's frames can be: the record count
 * and lengths in a header are checked before they size anything.
 */
class SegmentHeaderDamageTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Segment.Codec.class)
    void everyFlippedHeaderBitIsReportedAsDamageWithoutAnError(Segment.Codec codec) throws Exception {
        Path dir = tmp.resolve("backup");
        Path file = dir.resolve("t/0").resolve(Segment.fileName(10));
        Files.createDirectories(file.getParent());
        SegmentFrames frames = new SegmentFrames(4096, Integer.MAX_VALUE);
        for (int i = 0; i < 200; i++) {
            frames.add(new BackupRecord(10 + i, 1_000 + i, (byte) 0, ("key-" + i % 7).getBytes(), ("{\"n\":" + i + "}").getBytes(),
                    List.of(new BackupRecord.Header("h", new byte[] {(byte) i}))));
        }
        Segment.Written w;
        try (Segment.Compressor compressor = new Segment.Compressor(codec)) {
            w = Segment.write(file, frames, compressor);
        }
        Manifest.SegmentFile s = new Manifest.SegmentFile("t/0/" + Segment.fileName(10), 10, 209, 200, w.bytes(), w.fileCrc32c(),
                1_000L, 1_199L);
        new Manifest(Manifest.FORMAT_VERSION, "2026-01-01T00:00:00Z", "cluster", List.of(new Manifest.Topic("t", 1, Map.of(),
                List.of(new Manifest.Partition(0, 10, 210, 200, List.of(s)))))).write(dir.resolve(Manifest.FILE));
        assertThat(BackupVerifier.verify(dir).problems()).isEmpty();

        byte[] intact = Files.readAllBytes(file);
        // an LZ4 block expands at most 255 times; a zstd frame says its size
        long bound = codec == Segment.Codec.LZ4 ? 255L * (intact.length - Segment.HEADER_BYTES) + 64 : frames.size();
        List<String> flips = new ArrayList<>();
        for (int bit = 0; bit < Segment.HEADER_BYTES * 8; bit++) {
            byte[] damaged = intact.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(file, damaged);
            String flipped = "byte " + bit / 8 + " bit " + bit % 8;
            BackupVerifier.Result r = BackupVerifier.verify(dir);
            assertThat(r.problems()).as(flipped).hasSize(1);
            assertThat(r.problems().get(0)).as(flipped).contains(file.toString()).doesNotContain("\n");
            // without the manifest's checksum, the header alone must not size an array beyond the frames
            assertThatThrownBy(() -> Segment.readFrames(file, n -> {
                assertThat((long) n).as("array asked for with %s", flipped).isLessThanOrEqualTo(bound);
                return new byte[n];
            })).as(flipped).isInstanceOf(Segment.CorruptException.class).hasMessageContaining(file.toString());
            assertThatThrownBy(() -> ReadAhead.CHECKED.read(new BackupDirectory(dir), s, byte[]::new)).as(flipped)
                    .isInstanceOf(Segment.CorruptException.class);
            flips.add(flipped);
        }
        assertThat(flips).hasSize(Segment.HEADER_BYTES * 8);
    }
}
