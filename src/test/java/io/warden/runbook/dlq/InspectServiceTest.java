package io.warden.runbook.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Reading only a DLQ's newest records: an equal share from the end of each partition, never before its start. */
class InspectServiceTest {

    private static final TopicPartition P0 = new TopicPartition("orders.dlq", 0);
    private static final TopicPartition P1 = new TopicPartition("orders.dlq", 1);
    private static final TopicPartition P2 = new TopicPartition("orders.dlq", 2);

    @Test
    void theNewestShareOfEachPartitionIsRead() {
        var from = InspectService.newest(Map.of(P0, 0L, P1, 500L, P2, 90L), Map.of(P0, 10_000L, P1, 700L, P2, 100L), 1000);

        assertThat(from).containsEntry(P0, 10_000L - 333).containsEntry(P1, 500L).containsEntry(P2, 90L);
    }

    @Test
    void everyPartitionGetsAtLeastOneRecordWhenThereAreMorePartitionsThanTheCap() {
        var from = InspectService.newest(Map.of(P0, 0L, P1, 0L, P2, 0L), Map.of(P0, 5L, P1, 5L, P2, 0L), 2);

        assertThat(from).containsEntry(P0, 4L).containsEntry(P1, 4L).containsEntry(P2, 0L);
    }
}
