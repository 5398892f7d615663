package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.AtomicFiles;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectIoTest {

    @TempDir
    Path dir;

    @Test
    void filesOfEveryLengthAroundABlockReadBackExactly() throws Exception {
        String type = Files.getFileStore(dir).type();
        Boolean direct = type.equals("ext4") || type.equals("xfs") ? Boolean.TRUE : null; // elsewhere either way is right
        roundTrips(dir, direct);
    }

    @Test
    void aFileThatGrewWhileReadIsNotCutToItsOldLength() throws Exception {
        Path file = dir.resolve("f");
        byte[] data = new byte[2 * DirectIo.BLOCK + 100];
        new Random(1).nextBytes(data);
        Files.write(file, data);
        assertThat(DirectIo.read(file).limit()).isEqualTo(data.length);
    }

    @Test
    void aSegmentIsOwnerOnlyAndALinkPlantedAtItsTempNameIsNotFollowed() throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "precious");
        Path file = dir.resolve("00000000000000000000.seg");
        Files.createSymbolicLink(AtomicFiles.temp(file), victim);
        byte[] data = new byte[DirectIo.BLOCK + 3];
        new Random(7).nextBytes(data);
        DirectIo.writeAtomically(file, data, data.length);
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    private static void roundTrips(Path dir, Boolean direct) throws Exception {
        Random random = new Random(42);
        int[] lengths = {0, 1, DirectIo.BLOCK - 1, DirectIo.BLOCK, DirectIo.BLOCK + 1, 3 * DirectIo.BLOCK + 17, 1 << 20};
        for (int length : lengths) {
            byte[] data = new byte[length + 50]; // longer than the file: only [0, length) is written
            random.nextBytes(data);
            Path file = dir.resolve("f" + length + ".seg");
            boolean wentDirect = DirectIo.writeAtomically(file, data, length);
            if (direct != null) {
                assertThat(wentDirect).as("went around the page cache on %s", dir).isEqualTo(direct);
            }
            assertThat(Files.size(file)).as("size of %s", file).isEqualTo(length);
            assertThat(Files.readAllBytes(file)).isEqualTo(Arrays.copyOf(data, length));
            ByteBuffer read = DirectIo.read(file);
            assertThat(read.position()).isZero();
            assertThat(Arrays.copyOf(read.array(), read.limit())).isEqualTo(Arrays.copyOf(data, length));
            assertThat(Files.exists(AtomicFiles.temp(file))).isFalse();
        }
    }
}
