package io.warden.runbook.dlq;

import io.warden.kafka.RecordText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Which DLQ records a replay takes. Only regular expressions over the error class, a header and
 * the key, and a time range over the DLQ record's timestamp: data, never code, so a filter cannot
 * run anything (script filters are how kafka-ui got CVE-2023-52251). A regex must match the whole
 * value, rendered as {@link RecordText} does (binary as {@code hex:...}). All given parts must match.
 *
 * @param errorClass the error class or the {@code --error-header} value; null for any
 * @param headers    header name to regex; a record without the header does not match
 * @param key        regex over the key; a null key does not match
 * @param since      first DLQ timestamp included, or null
 * @param until      first DLQ timestamp excluded, or null
 */
public record ReplayFilter(Pattern errorClass, Map<String, Pattern> headers, Pattern key, Instant since, Instant until) {

    public ReplayFilter {
        headers = Map.copyOf(headers);
    }

    public static ReplayFilter none() {
        return new ReplayFilter(null, Map.of(), null, null, null);
    }

    public boolean matches(ConsumerRecord<byte[], byte[]> r, DeadLetter dl) {
        if (since != null && r.timestamp() < since.toEpochMilli() || until != null && r.timestamp() >= until.toEpochMilli()) {
            return false;
        }
        if (errorClass != null && (dl.errorClass() == null || !errorClass.matcher(dl.errorClass()).matches())) {
            return false;
        }
        if (key != null && (r.key() == null || !key.matcher(RecordText.render(r.key(), Integer.MAX_VALUE)).matches())) {
            return false;
        }
        for (var e : headers.entrySet()) {
            Header h = r.headers().lastHeader(e.getKey());
            if (h == null || h.value() == null
                    || !e.getValue().matcher(RecordText.render(h.value(), Integer.MAX_VALUE)).matches()) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return errorClass == null && headers.isEmpty() && key == null && since == null && until == null;
    }

    /** The filter as the operator wrote it, for plans and the audit trail. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (errorClass != null) {
            parts.add("error-class=" + errorClass.pattern());
        }
        headers.forEach((k, v) -> parts.add("header " + k + "=" + v.pattern()));
        if (key != null) {
            parts.add("key=" + key.pattern());
        }
        if (since != null) {
            parts.add("since " + since);
        }
        if (until != null) {
            parts.add("until " + until);
        }
        return parts.isEmpty() ? "none (every record)" : String.join(", ", parts);
    }
}
