package io.warden.watch;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * When the messages of one partition were appended, as far as a snapshot history can tell.
 * Two kinds of points: a log end seen at an instant (every offset below it existed by then, the
 * offset itself did not) and an exact append time of one offset. Between points the append time
 * is interpolated linearly; beyond the oldest point nothing is extrapolated, because a flat or
 * jumping log end would turn into absurd ages.
 */
final class AppendTimeline {

    /** Age of a message: null seconds when nothing dates it; atLeast when only a lower bound is known. */
    record Age(Double seconds, boolean atLeast) {
        static final Age UNKNOWN = new Age(null, false);
        static final Age ZERO = new Age(0.0, false);
    }

    /** Log end offset -> {earliest, latest} instant (epoch millis) it was seen. */
    private final NavigableMap<Long, long[]> logEnds = new TreeMap<>();
    private final NavigableMap<Long, Long> exact = new TreeMap<>();

    void addLogEnd(long offset, long atMillis) {
        logEnds.merge(offset, new long[] {atMillis, atMillis},
                (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }

    void addExact(long offset, long appendedAtMillis) {
        exact.merge(offset, appendedAtMillis, Math::min);
    }

    /** How long before {@code nowMillis} the message at {@code offset} was appended. */
    Age ageOf(long offset, long nowMillis) {
        Long known = exact.get(offset);
        if (known != null) {
            return age(nowMillis, known, false);
        }
        Point below = nearer(floor(exact, offset), floorLogEnd(offset), true);
        Point above = nearer(ceiling(exact, offset), ceilingLogEnd(offset), false);
        if (above == null) {
            return Age.UNKNOWN;
        }
        if (below != null) {
            // below.offset <= offset < above.offset, so the divisor is never zero
            double fraction = (double) (offset - below.offset) / (above.offset - below.offset);
            return age(nowMillis, below.millis + fraction * (above.millis - below.millis), false);
        }
        // Older than every point: the message existed before the earliest point above it, no more is known.
        long bound = Math.min(
                exact.tailMap(offset, false).values().stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE),
                logEnds.tailMap(offset, false).values().stream().mapToLong(t -> t[0]).min().orElse(Long.MAX_VALUE));
        return bound >= nowMillis ? Age.UNKNOWN : age(nowMillis, bound, true);
    }

    private static Age age(long nowMillis, double appendedAtMillis, boolean atLeast) {
        return new Age(Math.max(0.0, (nowMillis - appendedAtMillis) / 1000.0), atLeast);
    }

    private record Point(long offset, double millis) {
    }

    private static Point floor(NavigableMap<Long, Long> points, long offset) {
        Map.Entry<Long, Long> e = points.floorEntry(offset);
        return e == null ? null : new Point(e.getKey(), e.getValue());
    }

    private static Point ceiling(NavigableMap<Long, Long> points, long offset) {
        Map.Entry<Long, Long> e = points.higherEntry(offset);
        return e == null ? null : new Point(e.getKey(), e.getValue());
    }

    /** Below a message, the last instant the log still ended there bounds its append time tightest. */
    private Point floorLogEnd(long offset) {
        Map.Entry<Long, long[]> e = logEnds.floorEntry(offset);
        return e == null ? null : new Point(e.getKey(), e.getValue()[1]);
    }

    /** Above a message, the first instant the log reached past it bounds its append time tightest. */
    private Point ceilingLogEnd(long offset) {
        Map.Entry<Long, long[]> e = logEnds.higherEntry(offset);
        return e == null ? null : new Point(e.getKey(), e.getValue()[0]);
    }

    /** The point closer to the offset; on a tie the exact one, which is the more precise. */
    private static Point nearer(Point exactPoint, Point logEndPoint, boolean below) {
        if (exactPoint == null || logEndPoint == null) {
            return exactPoint != null ? exactPoint : logEndPoint;
        }
        if (exactPoint.offset == logEndPoint.offset) {
            return exactPoint;
        }
        return (exactPoint.offset > logEndPoint.offset) == below ? exactPoint : logEndPoint;
    }
}
