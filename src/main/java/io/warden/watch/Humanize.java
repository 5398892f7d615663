package io.warden.watch;

import java.util.List;
import java.util.Locale;

/** Renders numbers for one-line finding messages and tables, the way operators read them on a pager. */
public final class Humanize {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Humanize() {
    }

    /** 12345 becomes "12,345"; fixed locale so messages do not depend on the host. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Whole seconds as "1h 2m", "3m 20s" or "45s": two units are enough to act on. */
    public static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        if (s >= 86_400) {
            return s / 86_400 + "d " + (s % 86_400) / 3_600 + "h";
        }
        if (s >= 3_600) {
            return s / 3_600 + "h " + (s % 3_600) / 60 + "m";
        }
        if (s >= 60) {
            return s / 60 + "m " + s % 60 + "s";
        }
        return s + "s";
    }

    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    static String percent(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    /** The first {@code max} items joined by ", ", then "and N more" so a message stays one line. */
    static String firstOf(List<String> items, int max) {
        if (items.size() <= max) {
            return String.join(", ", items);
        }
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }
}
