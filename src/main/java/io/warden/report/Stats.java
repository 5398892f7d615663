package io.warden.report;

import java.util.Collection;

/**
 * How a set of durations (or other amounts) spread: count, mean, median, 90th percentile and
 * maximum, in the unit the caller names (the field holding it says which). With no values every
 * figure but the count is null, so "none" never reads as "zero".
 *
 * <p>Percentiles are nearest-rank: always a value that was actually seen, never an interpolation.
 */
public record Stats(int count, Double mean, Long median, Long p90, Long max) {

    /** No values. */
    public static final Stats NONE = new Stats(0, null, null, null, null);

    /** The spread of {@code values}; {@link #NONE} when there are none. */
    public static Stats of(Collection<Long> values) {
        if (values.isEmpty()) {
            return NONE;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Stats(sorted.length, sum / sorted.length, percentile(sorted, 50), percentile(sorted, 90),
                sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of ascending {@code sorted} values, which must not be empty. */
    public static long percentile(long[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
