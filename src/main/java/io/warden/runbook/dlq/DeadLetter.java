package io.warden.runbook.dlq;

import io.warden.kafka.RecordText;
import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Why a record is in a dead-letter queue and where it came from, read from the headers its
 * writer added: Spring Kafka's {@code DeadLetterPublishingRecoverer} ({@code kafka_dlt-*}), Kafka
 * Connect's {@code errors.deadletterqueue.context.headers.enable} ({@code __connect.errors.*}), or a
 * header the operator names. Every field may be null when the writer did not say.
 *
 * @param source            {@code spring}, {@code connect}, {@code header} or {@code none}
 * @param errorClass        the exception's class name (or the named header's value)
 * @param errorMessage      the exception's message
 * @param originalTopic     the topic the record was first read from
 * @param originalPartition its partition there
 * @param originalOffset    its offset there
 * @param originalTimestamp its timestamp there, epoch millis (Spring only)
 */
public record DeadLetter(String source, String errorClass, String errorMessage, String originalTopic,
                         Integer originalPartition, Long originalOffset, Long originalTimestamp) {

    /** Spring Kafka's header prefix ({@code KafkaHeaders.DLT_*}). */
    public static final String SPRING_PREFIX = "kafka_dlt-";
    /** Kafka Connect's header prefix ({@code DeadLetterQueueReporter}). */
    public static final String CONNECT_PREFIX = "__connect.errors.";

    static final String SPRING_EXCEPTION = "kafka_dlt-exception-fqcn";
    static final String SPRING_KEY_EXCEPTION = "kafka_dlt-key-exception-fqcn";
    static final String SPRING_MESSAGE = "kafka_dlt-exception-message";
    static final String SPRING_KEY_MESSAGE = "kafka_dlt-key-exception-message";
    static final String SPRING_TOPIC = "kafka_dlt-original-topic";
    static final String SPRING_PARTITION = "kafka_dlt-original-partition";
    static final String SPRING_OFFSET = "kafka_dlt-original-offset";
    static final String SPRING_TIMESTAMP = "kafka_dlt-original-timestamp";

    static final String CONNECT_EXCEPTION = "__connect.errors.exception.class.name";
    static final String CONNECT_MESSAGE = "__connect.errors.exception.message";
    static final String CONNECT_TOPIC = "__connect.errors.topic";
    static final String CONNECT_PARTITION = "__connect.errors.partition";
    static final String CONNECT_OFFSET = "__connect.errors.offset";

    /**
     * Reads the headers of one DLQ record.
     *
     * @param errorHeader a header whose value names the error, preferred when present; or null
     */
    public static DeadLetter of(Headers headers, String errorHeader) {
        String named = errorHeader == null ? null : text(headers.lastHeader(errorHeader));
        if (headers.lastHeader(SPRING_TOPIC) != null || headers.lastHeader(SPRING_EXCEPTION) != null
                || headers.lastHeader(SPRING_KEY_EXCEPTION) != null) {
            String error = text(headers.lastHeader(SPRING_EXCEPTION));
            String message = text(headers.lastHeader(SPRING_MESSAGE));
            if (error == null) {
                error = text(headers.lastHeader(SPRING_KEY_EXCEPTION));
                message = text(headers.lastHeader(SPRING_KEY_MESSAGE));
            }
            return new DeadLetter(named != null ? "header" : "spring", named != null ? named : error, message,
                    text(headers.lastHeader(SPRING_TOPIC)), intValue(headers.lastHeader(SPRING_PARTITION)),
                    longValue(headers.lastHeader(SPRING_OFFSET)), longValue(headers.lastHeader(SPRING_TIMESTAMP)));
        }
        if (headers.lastHeader(CONNECT_TOPIC) != null || headers.lastHeader(CONNECT_EXCEPTION) != null) {
            String error = text(headers.lastHeader(CONNECT_EXCEPTION));
            return new DeadLetter(named != null ? "header" : "connect", named != null ? named : error,
                    text(headers.lastHeader(CONNECT_MESSAGE)), text(headers.lastHeader(CONNECT_TOPIC)),
                    intValue(headers.lastHeader(CONNECT_PARTITION)), longValue(headers.lastHeader(CONNECT_OFFSET)), null);
        }
        return new DeadLetter(named != null ? "header" : "none", named, null, null, null, null, null);
    }

    /** True for the headers a DLQ writer adds to say why and from where; a replay strips them. */
    public static boolean isErrorHeader(String key, String errorHeader) {
        return key.startsWith(SPRING_PREFIX) || key.startsWith(CONNECT_PREFIX) || key.equals(errorHeader);
    }

    private static String text(Header h) {
        return h == null || h.value() == null ? null : RecordText.render(h.value(), 2000);
    }

    /** Spring writes a 4-byte big-endian int; Connect writes decimal text. */
    private static Integer intValue(Header h) {
        if (h == null || h.value() == null) {
            return null;
        }
        if (h.value().length == Integer.BYTES && !isDigits(h.value())) {
            return ByteBuffer.wrap(h.value()).getInt();
        }
        Long parsed = parse(h.value());
        return parsed == null ? null : parsed.intValue();
    }

    /** Spring writes an 8-byte big-endian long; Connect writes decimal text. */
    private static Long longValue(Header h) {
        if (h == null || h.value() == null) {
            return null;
        }
        if (h.value().length == Long.BYTES && !isDigits(h.value())) {
            return ByteBuffer.wrap(h.value()).getLong();
        }
        return parse(h.value());
    }

    private static boolean isDigits(byte[] b) {
        for (byte c : b) {
            if ((c < '0' || c > '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static Long parse(byte[] b) {
        try {
            return Long.parseLong(new String(b, java.nio.charset.StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
