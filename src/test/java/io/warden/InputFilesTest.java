package io.warden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFifoADeviceOrADirectoryIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThatThrownBy(() -> InputFiles.readText(fifo, "config file", 100))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.exitCode()).isEqualTo(66))
                .hasMessageContaining("not a regular file"));
        assertThatThrownBy(() -> InputFiles.read(Path.of("/dev/zero"), "topics file", 100))
                .hasMessage("topics file /dev/zero is not a regular file (a pipe, socket or device): name a file");
        assertThatThrownBy(() -> InputFiles.read(dir, "offsets file", 100)).hasMessageContaining("is a directory");
        assertThatThrownBy(() -> InputFiles.read(dir.resolve("gone"), "offsets file", 100)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> InputFiles.read(Path.of(""), "offsets file", 100)).hasMessageContaining("empty path");
    }

    @Test
    void aFileLargerThanItsKindCanBeIsRefusedAfterReadingOnlyTheBound() throws Exception {
        Path big = Files.write(dir.resolve("big"), new byte[101]);
        assertThatThrownBy(() -> InputFiles.read(big, "command config", 100))
                .isInstanceOfSatisfying(WardenException.class, e -> assertThat(e.exitCode()).isEqualTo(65));
        assertThat(InputFiles.read(Files.write(dir.resolve("ok"), new byte[100]), "command config", 100)).hasSize(100);
    }

    @Test
    void binaryOrNonUtf8TextIsRefused() throws Exception {
        Path latin1 = Files.write(dir.resolve("latin1"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        Path nul = Files.write(dir.resolve("nul"), new byte[] {'a', 0, 'b'});
        assertThatThrownBy(() -> InputFiles.readText(latin1, "topics file", 100)).hasMessageContaining("is not UTF-8 text");
        assertThatThrownBy(() -> InputFiles.readText(nul, "topics file", 100)).hasMessageContaining("binary data");
        assertThat(InputFiles.readText(Files.writeString(dir.resolve("utf8"), "caf\u00e9"), "topics file", 100)).isEqualTo("caf\u00e9");
    }
}
