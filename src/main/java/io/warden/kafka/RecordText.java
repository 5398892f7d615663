package io.warden.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Record keys, values and headers rendered so they are safe to print: UTF-8 text when every
 * character is printable (line breaks and tabs escaped), otherwise {@code hex:} for short and
 * {@code base64:} for long binary data, always cut to a maximum length. Control and format
 * characters (terminal escapes, bidirectional overrides) never reach the terminal.
 */
public final class RecordText {

    private static final int HEX_UP_TO = 64;

    private RecordText() {
    }

    /** The bytes as safe text of at most about {@code max} characters; null stays null. */
    public static String render(byte[] bytes, int max) {
        if (bytes == null) {
            return null;
        }
        String text = printable(bytes);
        if (text != null) {
            return text.length() <= max ? text : text.substring(0, max) + "...(" + bytes.length + " bytes)";
        }
        if (bytes.length <= HEX_UP_TO) {
            String hex = "hex:" + HexFormat.of().formatHex(bytes);
            return hex.length() <= max ? hex : hex.substring(0, max) + "...(" + bytes.length + " bytes)";
        }
        String b64 = "base64:" + Base64.getEncoder().encodeToString(bytes);
        return b64.length() <= max ? b64 : b64.substring(0, max) + "...(" + bytes.length + " bytes)";
    }

    /**
     * Text read from a cluster or a file (a topic, group, client or host name, an error message) made
     * safe for a terminal or a log line: line breaks, tabs, control characters and the format
     * characters that reorder or hide text (bidirectional overrides, zero-width marks, line
     * separators) are written as backslash escapes ({@code \n}, {@code \t}, {@code \}{@code u001b}),
     * so a name can neither start a new line nor send an escape sequence. Null stays null.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** Whether a character must not reach a terminal as it is (see {@link #escape}). */
    public static boolean unsafe(char c) {
        if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
            return true;
        }
        if (c < 0x200b) {
            return c == 0x061c;
        }
        return c <= 0x200f || c >= 0x2028 && c <= 0x202e || c >= 0x2066 && c <= 0x2069 || c == 0xfeff;
    }

    /** Decodes UTF-8 text, or null when the bytes are not valid UTF-8 or not printable. */
    public static String text(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String printable(byte[] bytes) {
        String s = text(bytes);
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    int type = Character.getType(cp);
                    if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.UNASSIGNED
                            || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                        return null;
                    }
                    out.appendCodePoint(cp);
                }
            }
        }
        return out.toString();
    }
}
