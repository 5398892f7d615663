package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given an unfinished backup that found offsets deleted before it read them, when a resumed run
 * seeks into that gap again and finds it (perhaps longer), then the cut keeps one range for it,
 * and the cut still reads back as consistent.
 */
class LostOffsetsTest {

    @TempDir
    Path dir;

    @Test
    void aGapFoundAgainByAResumedRunJoinsTheOneKnown() throws Exception {
        Path cutFile = dir.resolve(Manifest.CUT_FILE);
        Manifest cut = new Manifest(Manifest.FORMAT_VERSION, "2026-01-01T00:00:00Z", "cluster", List.of(new Manifest.Topic("t", 1,
                Map.of(), List.of(new Manifest.Partition(0, 0, 100, 0, List.of())))));
        cut.write(cutFile);
        List<String> warnings = new ArrayList<>();
        LostOffsets lost = new LostOffsets(new BackupDirectory(dir), cut, CompletableFuture.completedFuture(null), warnings);
        lost.add("t", 0, 10, 19);
        lost.add("t", 0, 10, 19); // the same gap, found again: nothing new
        lost.add("t", 0, 10, 24); // longer now
        lost.add("t", 0, 40, 41);
        lost.add("t", 0, 25, 30); // adjoins the first
        Manifest.Partition p = Manifest.readCut(cutFile).topics().get(0).partitions().get(0);
        assertThat(p.lost()).containsExactly(new Manifest.OffsetRange(10, 30), new Manifest.OffsetRange(40, 41));
        assertThat(p.offsetsLost()).isEqualTo(23);
        assertThat(warnings).hasSize(4);
        assertThat(lost.all()).extracting(BackupService.Lost::offsets).containsExactly(21L, 2L);
    }
}
