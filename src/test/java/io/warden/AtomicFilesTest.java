package io.warden;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a directory where a backup or a baseline is written, when Warden writes a file there,
 * then it and the directories it creates are its owner's alone, and neither a leftover temp file
 * nor a link planted at the temp name redirects the write.
 */
class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void filesAreOwnerOnlyAndTheDirectoriesCreatedForThemToo() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = tmp.resolve("new/nested/cut.json");
        AtomicFiles.write(file, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("{}");
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(permissions(tmp.resolve("new"))).isEqualTo("rwx------");
        assertThat(permissions(tmp.resolve("new/nested"))).isEqualTo("rwx------");
        assertThat(permissions(tmp)).as("an existing directory is left as it was").isEqualTo("rwxr-xr-x");
        AtomicFiles.write(file, "{\"again\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    @Test
    void aLinkPlantedAtTheTempNameIsRemovedNotFollowed() throws Exception {
        Path victim = tmp.resolve("victim");
        Files.writeString(victim, "precious");
        Path file = tmp.resolve("manifest.json");
        Files.createSymbolicLink(AtomicFiles.temp(file), victim);
        AtomicFiles.write(file, "written".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readString(file)).isEqualTo("written");
        assertThat(Files.isSymbolicLink(file)).isFalse();
        assertThat(Files.exists(AtomicFiles.temp(file), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void aLinkToANonExistingFileAtTheTempNameCreatesNothingThere() throws Exception {
        Path target = tmp.resolve("elsewhere");
        Path file = tmp.resolve("baseline.json");
        Files.createSymbolicLink(AtomicFiles.temp(file), target);
        AtomicFiles.write(file, "x".getBytes(StandardCharsets.UTF_8));
        assertThat(target).doesNotExist();
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aLeftoverTempFileOfACrashIsReplaced() throws Exception {
        Path file = tmp.resolve("drift.json");
        Files.writeString(AtomicFiles.temp(file), "half-written and longer than the new content");
        AtomicFiles.write(file, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(permissions(file)).isEqualTo("rw-------");
    }

    static String permissions(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }
}
