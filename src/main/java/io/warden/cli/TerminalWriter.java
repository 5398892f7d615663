package io.warden.cli;

import io.warden.kafka.RecordText;
import java.io.PrintWriter;

/**
 * Standard output and error of every command: whatever reaches them — a topic or group name, a
 * client id, a host, a broker's error message — cannot move the cursor, clear the screen or
 * reorder text, because control and bidirectional characters are written as backslash escapes
 * ({@link RecordText#escape}). Line breaks and tabs pass, so tables and JSON keep their shape;
 * JSON strings stay valid, since those characters only ever appear inside them. Tables escape
 * their cells fully on top of this, so a name cannot start a new row either.
 */
final class TerminalWriter extends PrintWriter {

    private final PrintWriter raw;

    TerminalWriter(PrintWriter raw) {
        super(raw, true);
        this.raw = raw;
    }

    /** The writer itself, for Warden's own control sequences (a progress bar redrawn in place). */
    static PrintWriter raw(PrintWriter writer) {
        return writer instanceof TerminalWriter t ? t.raw : writer;
    }

    @Override
    public void write(int c) {
        if (passes((char) c)) {
            super.write(c);
        } else {
            String escaped = RecordText.escape(String.valueOf((char) c));
            super.write(escaped, 0, escaped.length());
        }
    }

    @Override
    public void write(char[] buf, int off, int len) {
        // scanned in place: JSON of 100,000 partitions comes through here in 8 KiB chunks
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (!passes(buf[i])) {
                super.write(buf, start, i - start);
                String escaped = RecordText.escape(String.valueOf(buf[i]));
                super.write(escaped, 0, escaped.length());
                start = i + 1;
            }
        }
        super.write(buf, start, end - start);
    }

    @Override
    public void write(String s, int off, int len) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            char c = s.charAt(i);
            if (!passes(c)) {
                super.write(s, start, i - start);
                String escaped = RecordText.escape(String.valueOf(c));
                super.write(escaped, 0, escaped.length());
                start = i + 1;
            }
        }
        super.write(s, start, end - start);
    }

    private static boolean passes(char c) {
        return c == '\n' || c == '\t' || !RecordText.unsafe(c);
    }
}
