package io.warden.runbook.duplicates;

import java.time.Instant;
import java.util.List;

/**
 * Event ids seen more than once in a time range of a topic.
 *
 * @param idSource     {@code header NAME} or {@code key}
 * @param since        first timestamp included, or null for the log start
 * @param until        first timestamp excluded, or null for the log end
 * @param records      records read in the range
 * @param withoutId    records without the header (or with a null key)
 * @param distinctIds  distinct ids
 * @param duplicateIds ids seen more than once
 * @param extraCopies  records beyond the first of each id
 * @param passes       reads of the range needed to stay within the memory bound
 * @param duplicates   the most repeated ids, with where each copy is
 */
public record DuplicateReport(String topic, String idSource, Instant since, Instant until, long records, long withoutId,
                              long distinctIds, long duplicateIds, long extraCopies, int passes, List<Duplicate> duplicates) {

    /** One id seen {@code count} times; {@code occurrences} lists the first few. */
    public record Duplicate(String id, long count, List<Occurrence> occurrences) {
    }

    /** Where one copy is. */
    public record Occurrence(int partition, long offset, Instant timestamp) {
    }
}
