package io.warden;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reading a file an operator named: it must be a regular file (a FIFO would block the command
 * forever, {@code /dev/zero} would fill the heap), readable, and no larger than what such a file
 * can sensibly be; its text must be UTF-8. Each refusal is a {@link WardenException} that names
 * the file and what it was for: {@link WardenException#NO_INPUT} when there is nothing to read,
 * {@link WardenException#DATA} when what is there cannot be what it should be.
 */
public final class InputFiles {

    /** Configuration-like files: warden.yaml, client properties, topics files, silences. */
    public static final long SMALL = 16L << 20;
    /** Files that grow with the cluster: offsets CSVs, metadata backups and baselines. */
    public static final long LARGE = 512L << 20;

    private InputFiles() {
    }

    /** Checks that {@code file} is a regular file that can be opened, without reading it. */
    public static void requireRegular(Path file, String what) {
        if (file.toString().isEmpty()) {
            throw new WardenException(WardenException.NO_INPUT, what + " is an empty path: name a file");
        }
        if (Files.isDirectory(file)) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + file + " is a directory: name a file");
        }
        if (!Files.exists(file)) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + file
                    + " is not a regular file (a pipe, socket or device): name a file");
        }
        if (!Files.isReadable(file)) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + file + " cannot be read: check its permissions");
        }
    }

    /** Checks that {@code dir} is a directory, following links as an operator would expect. */
    public static void requireDirectory(Path dir, String what) {
        if (dir.toString().isEmpty()) {
            throw new WardenException(WardenException.NO_INPUT, what + " is an empty path: name a directory");
        }
        if (!Files.exists(dir)) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + dir + " is not a directory");
        }
    }

    /** The whole file, at most {@code maxBytes}. */
    public static byte[] read(Path file, String what, long maxBytes) {
        requireRegular(file, what);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new WardenException(WardenException.DATA, what + " " + file + " is larger than " + (maxBytes >> 20)
                        + " MiB: this cannot be the file Warden expects here");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + file + " cannot be read: check its permissions");
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, what + " " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** The whole file as UTF-8 text, at most {@code maxBytes}; binary content is refused. */
    public static String readText(Path file, String what, long maxBytes) {
        byte[] bytes = read(file, what, maxBytes);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new WardenException(WardenException.DATA, what + " " + file + " holds binary data (a NUL byte): "
                        + "name the text file Warden expects here");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new WardenException(WardenException.DATA, what + " " + file + " is not UTF-8 text: "
                    + "name the text file Warden expects here");
        }
    }

    /** A Java properties file (Kafka client or Connect worker settings), at most {@link #SMALL}. */
    public static java.util.Properties readProperties(Path file, String what) {
        java.util.Properties props = new java.util.Properties();
        try {
            props.load(new java.io.StringReader(readText(file, what, SMALL)));
        } catch (IOException | IllegalArgumentException e) {
            throw new WardenException(WardenException.DATA, what + " " + file + " cannot be read as Java properties: "
                    + e.getMessage());
        }
        return props;
    }
}
