package io.warden.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    @Test
    void holdsTheSameOffsetsAsTheMapItWasMadeFromInPartitionOrder() {
        Map<TopicPartition, Long> source = new HashMap<>();
        source.put(tp("b", 10), 7L);
        source.put(tp("b", 2), 5L);
        source.put(tp("a", 1), 3L);
        PartitionOffsets offsets = PartitionOffsets.copyOf(source);

        assertThat(offsets).isEqualTo(source).hasSameHashCodeAs(source);
        assertThat(offsets.keySet()).containsExactly(tp("a", 1), tp("b", 2), tp("b", 10));
        assertThat(offsets.get(tp("b", 10))).isEqualTo(7L);
        assertThat(offsets.get(tp("b", 3))).isNull();
        assertThat(offsets.get("b-10")).isNull();
        assertThat(offsets.getOrDefault(tp("c", 0), -1L)).isEqualTo(-1L);
        assertThat(offsets.indexOf(tp("b", 2))).isEqualTo(1);
        assertThat(offsets.indexOf(tp("a", 0))).isNegative();
        Map<TopicPartition, Long> visited = new LinkedHashMap<>();
        offsets.forEach(visited::put);
        assertThat(visited.keySet()).containsExactly(tp("a", 1), tp("b", 2), tp("b", 10));
    }

    @Test
    void isImmutableAndRefusesNullsAsMapCopyOfDoes() {
        PartitionOffsets offsets = PartitionOffsets.copyOf(Map.of(tp("a", 0), 1L));
        assertThatThrownBy(() -> offsets.put(tp("a", 1), 2L)).isInstanceOf(UnsupportedOperationException.class);
        Map<TopicPartition, Long> withNull = new HashMap<>();
        withNull.put(tp("a", 0), null);
        assertThatThrownBy(() -> PartitionOffsets.copyOf(withNull)).isInstanceOf(NullPointerException.class);
        assertThat(PartitionOffsets.copyOf(offsets)).isSameAs(offsets);
    }

    @Test
    void sharesThePartitionArrayOfEarlierOffsetsOfTheSamePartitionsOnly() {
        PartitionOffsets earlier = PartitionOffsets.copyOf(Map.of(tp("a", 0), 1L, tp("a", 1), 2L));
        PartitionOffsets now = PartitionOffsets.copyOf(Map.of(tp("a", 0), 5L, tp("a", 1), 6L));
        PartitionOffsets other = PartitionOffsets.copyOf(Map.of(tp("a", 0), 5L));

        PartitionOffsets shared = now.sharingKeysWith(earlier, t -> t);
        assertThat(shared.sameKeysAs(earlier)).isTrue();
        assertThat(shared).isEqualTo(now);
        assertThat(other.sharingKeysWith(earlier, t -> t).sameKeysAs(earlier)).isFalse();
        TopicPartition canonical = tp("a", 0);
        assertThat(other.sharingKeysWith(earlier, t -> canonical).keyAt(0)).isSameAs(canonical);
    }
}
