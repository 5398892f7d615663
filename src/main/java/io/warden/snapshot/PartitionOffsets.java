package io.warden.snapshot;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * An offset per partition (a group's committed offsets, a share group's start offsets or reported
 * lag) as two arrays: the partitions, sorted by topic then partition, and one {@code long} each.
 * A watch keeps these for every group over many cycles, so their layout is what its history costs:
 * 8 bytes per partition and cycle once the cycles of a group share one partition array
 * ({@link #sharingKeysWith}), against about 60 for a hash map of boxed offsets. Immutable; iterates
 * in partition order; refuses null keys and values as {@link Map#copyOf} does.
 */
public final class PartitionOffsets extends AbstractMap<TopicPartition, Long> {

    /** Topic, then partition number: the order of the partitions and of every iteration. */
    public static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private static final PartitionOffsets EMPTY = new PartitionOffsets(new TopicPartition[0], new long[0]);

    private final TopicPartition[] keys;
    private final long[] values;

    private PartitionOffsets(TopicPartition[] keys, long[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** The same offsets, held compactly; {@code map} itself when it already is. */
    public static PartitionOffsets copyOf(Map<TopicPartition, Long> map) {
        if (map instanceof PartitionOffsets offsets) {
            return offsets;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        @SuppressWarnings("unchecked")
        Map.Entry<TopicPartition, Long>[] entries = map.entrySet().toArray(new Map.Entry[0]);
        for (Map.Entry<TopicPartition, Long> e : entries) {
            Objects.requireNonNull(e.getKey(), "partition");
            Objects.requireNonNull(e.getValue(), "offset");
        }
        Arrays.sort(entries, Map.Entry.comparingByKey(ORDER));
        TopicPartition[] keys = new TopicPartition[entries.length];
        long[] values = new long[entries.length];
        for (int i = 0; i < entries.length; i++) {
            keys[i] = entries[i].getKey();
            values[i] = entries[i].getValue();
        }
        return new PartitionOffsets(keys, values);
    }

    /**
     * These offsets on {@code earlier}'s partition array when both hold the same partitions, so the
     * cycles of a group keep one array of partitions between them; otherwise these offsets with
     * every partition replaced by {@code canonical}'s instance of it (one instance per partition
     * for the whole history instead of one per group and cycle).
     */
    public PartitionOffsets sharingKeysWith(PartitionOffsets earlier, java.util.function.UnaryOperator<TopicPartition> canonical) {
        if (earlier != null && (earlier.keys == keys || Arrays.equals(earlier.keys, keys))) {
            return earlier.keys == keys ? this : new PartitionOffsets(earlier.keys, values);
        }
        TopicPartition[] interned = new TopicPartition[keys.length];
        for (int i = 0; i < keys.length; i++) {
            interned[i] = canonical.apply(keys[i]);
        }
        return new PartitionOffsets(interned, values);
    }

    /** True when both hold the very same partition array: position {@code i} is the same partition in both. */
    public boolean sameKeysAs(PartitionOffsets other) {
        return other != null && other.keys == keys;
    }

    public TopicPartition keyAt(int i) {
        return keys[i];
    }

    public long valueAt(int i) {
        return values[i];
    }

    /** Position of {@code tp}, or a negative number when absent. */
    public int indexOf(TopicPartition tp) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            TopicPartition k = keys[mid];
            int c = k.topic() == tp.topic() ? 0 : k.topic().compareTo(tp.topic());
            if (c == 0) {
                c = Integer.compare(k.partition(), tp.partition());
            }
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof TopicPartition tp && indexOf(tp) >= 0;
    }

    @Override
    public Long get(Object key) {
        if (!(key instanceof TopicPartition tp)) {
            return null;
        }
        int i = indexOf(tp);
        return i < 0 ? null : values[i];
    }

    @Override
    public void forEach(BiConsumer<? super TopicPartition, ? super Long> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    @Override
    public Set<Entry<TopicPartition, Long>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<TopicPartition, Long>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Entry<TopicPartition, Long> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }
}
