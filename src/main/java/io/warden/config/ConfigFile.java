package io.warden.config;

import io.warden.InputFiles;
import io.warden.WardenException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads a config file's text: what is not a regular file, or is larger than {@link #MAX_BYTES},
 * is refused as {@link InputFiles} refuses it; bytes that are not UTF-8 and control characters (a
 * binary file) are named with their line and column.
 */
final class ConfigFile {

    /** A config of every section fully written out is a few KiB; anything near this is not one. */
    static final int MAX_BYTES = 1024 * 1024;

    private ConfigFile() {
    }

    static String read(Path file) {
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, "config file", MAX_BYTES);
        } catch (WardenException e) {
            // a file that is there but too large is the wrong config, not missing input
            throw e.exitCode() == WardenException.DATA ? new WardenException(WardenException.CONFIG, e.getMessage()) : e;
        }
        String text = decode(file, bytes);
        text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        checkCharacters(file, text);
        return text;
    }

    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            out.flip();
            throw new WardenException(WardenException.CONFIG, at(file, out.toString(), out.length())
                    + ": not UTF-8 (byte 0x" + String.format("%02X", bytes[in.position()]) + "); save the file as UTF-8 text");
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /** YAML allows tab, line breaks and printable characters; anything else means the file is not text. */
    private static void checkCharacters(Path file, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F && c != 0x85
                    || c == 0xFFFE || c == 0xFFFF;
            if (control) {
                throw new WardenException(WardenException.CONFIG, at(file, text, i) + ": control character U+"
                        + String.format("%04X", (int) c) + "; the file looks binary, not YAML text");
            }
        }
    }

    /** {@code file:line:column} of the character at {@code index}. */
    private static String at(Path file, String text, int index) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return file + ":" + line + ":" + (index - lineStart + 1);
    }

}
