package io.warden.server;

import java.time.Instant;
import java.util.List;

/**
 * What a dead-letter queue's newest records say, read when its console page asks: how old the
 * oldest and newest message held are, and the error classes the records' headers name, counted
 * over the records read. Header values are as the cluster wrote them: untrusted text.
 *
 * @param readAt  when the records were read
 * @param depth   messages held when read
 * @param sampled records read to count the error classes
 * @param capped  true when the DLQ held more than were read: the counts cover the newest only
 * @param oldest  timestamp of the oldest message held, null when it is empty
 * @param newest  timestamp of the newest message held, null when it is empty
 * @param errors  records by error class, most frequent first
 * @param moreClasses error classes of the records read left out of {@code errors}
 */
public record DlqDetail(String cluster, String topic, Instant readAt, long depth, long sampled, boolean capped,
                        Instant oldest, Instant newest, List<ErrorClass> errors, int moreClasses) {

    public DlqDetail {
        errors = List.copyOf(errors);
    }

    /**
     * Records that failed with one error.
     *
     * @param error   the exception's class, the value of the error header, or {@code (unknown)}
     * @param source  which headers said so: spring, connect, header or none
     * @param message the error message of the first such record, null when none was given
     */
    public record ErrorClass(String error, String source, long count, Instant lastSeen, String message) {
    }
}
