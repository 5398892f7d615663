package io.warden.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * Progress of a long copy on stderr: records (of the total when known), bytes and rate. On a
 * terminal one bar redrawn in place a few times a second; otherwise (a cron job, a log file) a
 * plain line every {@code logEvery}, so a log shows the job moving without drowning in it.
 * Thread-safe: copies report from several threads.
 */
final class ProgressMeter {

    private static final int BAR_WIDTH = 24;

    private final String verb;
    private final PrintWriter err;
    private final Clock clock;
    private final boolean terminal;
    private final long everyMs;
    private final long startMs;
    private long lastMs;
    private long total = -1;
    private long records;
    private long bytes;
    private boolean drawn;

    ProgressMeter(String verb, PrintWriter err, Clock clock, boolean terminal, Duration logEvery) {
        this.verb = verb;
        this.err = err;
        this.clock = clock;
        this.terminal = terminal;
        this.everyMs = terminal ? 200 : logEvery.toMillis();
        this.startMs = clock.millis();
        this.lastMs = startMs;
    }

    /** A bar on a terminal, a line every 10 s elsewhere. */
    static ProgressMeter onStderr(String verb, PrintWriter err, Clock clock) {
        return new ProgressMeter(verb, TerminalWriter.raw(err), clock, System.console() != null, Duration.ofSeconds(10));
    }

    /** Adds to the records this run will copy (several copiers each tell their share). */
    synchronized void addTotal(long records) {
        this.total = Math.max(0, total) + records;
    }

    synchronized void add(long records, long bytes) {
        this.records += records;
        this.bytes += bytes;
        maybeShow();
    }

    /** For services that count for themselves: records done so far of the total. */
    synchronized void at(long done, long total, long bytes) {
        this.records = done;
        this.total = total;
        this.bytes = bytes;
        maybeShow();
    }

    private void maybeShow() {
        if (clock.millis() - lastMs >= everyMs) {
            show();
        }
    }

    /** The final state; ends the bar's line. */
    synchronized void finish() {
        finish(false);
    }

    /**
     * The final state; ends the bar's line.
     * @param complete the job reached its end, so what was copied is the total (a total of offsets overcounts compacted topics)
     */
    synchronized void finish(boolean complete) {
        if (complete && total > 0) {
            total = records;
        }
        show();
        if (terminal && drawn) {
            err.println();
            err.flush();
        }
    }

    private void show() {
        lastMs = clock.millis();
        String text = line(lastMs - startMs);
        if (terminal) {
            err.print("\r" + text + "\033[K");
            drawn = true;
        } else {
            err.println(text);
        }
        err.flush();
    }

    String line(long elapsedMs) {
        double seconds = Math.max(0.001, elapsedMs / 1000.0);
        StringBuilder s = new StringBuilder(verb).append(' ');
        if (total > 0) {
            int percent = (int) Math.min(100, records * 100 / total);
            if (terminal) {
                int filled = percent * BAR_WIDTH / 100;
                s.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ");
            }
            s.append(percent).append("% ").append(String.format("%,d/%,d records", records, total));
        } else {
            s.append(String.format("%,d records", records));
        }
        if (bytes > 0) {
            // the bytes that reached the disk (a backup's compressed segments), not the records' size
            s.append(String.format(", %s written, %.1f MB/s", mebibytes(bytes), bytes / seconds / 1_000_000));
        }
        s.append(String.format(", %,.0f records/s", records / seconds));
        if (total > 0 && records > 0 && records < total) {
            long etaSeconds = (long) ((total - records) / (records / seconds));
            s.append(String.format(", %d:%02d left", etaSeconds / 60, etaSeconds % 60));
        }
        return s.toString();
    }

    private static String mebibytes(long bytes) {
        return bytes >= 10L << 30 ? String.format("%.1f GiB", bytes / (double) (1L << 30))
                : String.format("%.1f MiB", bytes / (double) (1L << 20));
    }
}
