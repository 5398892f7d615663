package io.warden.runbook.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void springHeadersCarryBinaryPartitionAndOffset() {
        var h = new RecordHeaders();
        h.add("kafka_dlt-exception-fqcn", utf8("org.example.ValidationException"));
        h.add("kafka_dlt-exception-message", utf8("amount < 0"));
        h.add("kafka_dlt-original-topic", utf8("orders"));
        h.add("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(2).array());
        h.add("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(4711).array());
        h.add("kafka_dlt-original-timestamp", ByteBuffer.allocate(8).putLong(1_700_000_000_000L).array());

        assertThat(DeadLetter.of(h, null)).isEqualTo(new DeadLetter("spring", "org.example.ValidationException",
                "amount < 0", "orders", 2, 4711L, 1_700_000_000_000L));
    }

    @Test
    void connectHeadersCarryDecimalText() {
        var h = new RecordHeaders();
        h.add("__connect.errors.topic", utf8("payments"));
        h.add("__connect.errors.partition", utf8("1"));
        h.add("__connect.errors.offset", utf8("12"));
        h.add("__connect.errors.exception.class.name", utf8("org.apache.kafka.connect.errors.DataException"));
        h.add("__connect.errors.exception.message", utf8("Converting byte[] to Kafka Connect data failed"));

        DeadLetter dl = DeadLetter.of(h, null);
        assertThat(dl.source()).isEqualTo("connect");
        assertThat(dl.originalTopic()).isEqualTo("payments");
        assertThat(dl.originalPartition()).isEqualTo(1);
        assertThat(dl.originalOffset()).isEqualTo(12L);
        assertThat(dl.errorClass()).isEqualTo("org.apache.kafka.connect.errors.DataException");
    }

    @Test
    void aNamedHeaderWinsAndCountsAsAnErrorHeader() {
        var h = new RecordHeaders();
        h.add("x-error", utf8("timeout"));
        assertThat(DeadLetter.of(h, "x-error").errorClass()).isEqualTo("timeout");
        assertThat(DeadLetter.of(h, null).source()).isEqualTo("none");
        assertThat(DeadLetter.isErrorHeader("x-error", "x-error")).isTrue();
        assertThat(DeadLetter.isErrorHeader("kafka_dlt-original-topic", null)).isTrue();
        assertThat(DeadLetter.isErrorHeader("trace-id", null)).isFalse();
    }
}
