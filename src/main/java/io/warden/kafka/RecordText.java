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
     * A name read from a cluster or a record (a group, a client id, a host, a topic a header names),
     * safe to print as {@link #render} makes record contents; null stays null.
     */
    public static String name(String name) {
        return name == null ? null : render(name.getBytes(StandardCharsets.UTF_8), 300);
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
