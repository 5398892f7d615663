package io.warden.runbook.duplicates;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.RecordText;
import io.warden.kafka.TopicScan;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Counts event ids in a time range and reports those seen more than once. Exact, with memory
 * bounded by {@link Options#maxIdsInMemory()}: when the range holds more records than that, it is
 * read in several passes, each keeping only the ids whose hash falls in its share, so no pass holds
 * more than about that many ids. Ids longer than 32 bytes are kept as their SHA-256 digest.
 */
public final class DuplicateService {

    private static final int DIGEST_ABOVE = 32;

    /**
     * @param idHeader       header holding the event id, or null with {@code byKey}
     * @param byKey          the record key is the event id
     * @param since          first timestamp included, or null
     * @param until          first timestamp excluded, or null
     * @param maxIdsInMemory ids held at once, about
     * @param examples       duplicated ids listed
     * @param occurrences    copies listed per id
     */
    public record Options(String idHeader, boolean byKey, Instant since, Instant until, long maxIdsInMemory, int examples,
                          int occurrences) {
        public Options {
            if ((idHeader == null) == !byKey) {
                throw new WardenException(WardenException.USAGE, "name the event id: --id-header NAME or --key");
            }
            if (maxIdsInMemory < 1) {
                throw new WardenException(WardenException.USAGE, "--max-ids must be at least 1");
            }
        }
    }

    private final ConnectionSettings settings;
    private final Clock clock;

    public DuplicateService(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public DuplicateReport find(String topic, Options options) {
        try (TopicScan scan = TopicScan.open(settings, clock)) {
            List<TopicPartition> parts = scan.partitions(topic);
            Map<TopicPartition, Long> ends = scan.ends(parts);
            Map<TopicPartition, Long> from = options.since() == null ? scan.beginnings(parts) : scan.offsetsAt(parts, options.since());
            Map<TopicPartition, Long> to = new HashMap<>(options.until() == null ? ends : scan.offsetsAt(parts, options.until()));
            long inRange = 0;
            for (TopicPartition tp : parts) {
                to.put(tp, Math.min(to.get(tp), ends.get(tp)));
                inRange += Math.max(0, to.get(tp) - from.get(tp));
            }
            int passes = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (inRange + options.maxIdsInMemory() - 1) / options.maxIdsInMemory()));
            long[] totals = new long[5]; // records, without id, distinct, duplicated, extra copies
            PriorityQueue<DuplicateReport.Duplicate> top = new PriorityQueue<>(Comparator.comparingLong(DuplicateReport.Duplicate::count));
            for (int pass = 0; pass < passes; pass++) {
                int share = pass;
                Map<IdKey, Seen> seen = new HashMap<>();
                scan.read(from, to, Long.MAX_VALUE, r -> {
                    if (options.since() != null && r.timestamp() < options.since().toEpochMilli()
                            || options.until() != null && r.timestamp() >= options.until().toEpochMilli()) {
                        return true; // out of order timestamps: the range is by time, not only by offset
                    }
                    byte[] id = id(r, options);
                    if (share == 0) {
                        totals[0]++;
                        if (id == null) {
                            totals[1]++;
                        }
                    }
                    if (id != null) {
                        IdKey key = IdKey.of(id);
                        if (passes == 1 || Math.floorMod(key.spread(), passes) == share) {
                            seen.computeIfAbsent(key, k -> new Seen(id)).add(r, options.occurrences());
                        }
                    }
                    return true;
                });
                totals[2] += seen.size();
                for (Seen s : seen.values()) {
                    if (s.count > 1) {
                        totals[3]++;
                        totals[4] += s.count - 1;
                        top.add(new DuplicateReport.Duplicate(RecordText.render(s.id, 200), s.count, List.copyOf(s.where)));
                        if (top.size() > options.examples()) {
                            top.poll();
                        }
                    }
                }
            }
            List<DuplicateReport.Duplicate> listed = new ArrayList<>(top);
            listed.sort(Comparator.comparingLong(DuplicateReport.Duplicate::count).reversed()
                    .thenComparing(DuplicateReport.Duplicate::id));
            return new DuplicateReport(topic, options.byKey() ? "key" : "header " + options.idHeader(), options.since(),
                    options.until(), totals[0], totals[1], totals[2], totals[3], totals[4], passes, listed);
        }
    }

    private static byte[] id(ConsumerRecord<byte[], byte[]> r, Options options) {
        if (options.byKey()) {
            return r.key();
        }
        Header h = r.headers().lastHeader(options.idHeader());
        return h == null ? null : h.value();
    }

    /** An id's bytes, or their digest when long, compared by content. */
    private record IdKey(byte[] bytes, int hash) {
        static IdKey of(byte[] id) {
            byte[] b = id.length > DIGEST_ABOVE ? sha256(id) : id;
            return new IdKey(b, Arrays.hashCode(b));
        }

        /** A second mix of the hash, so the pass a key falls in says nothing about its HashMap bucket. */
        int spread() {
            return (hash * 0x9E3779B1) >>> 7;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof IdKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return RecordText.render(bytes, 64);
        }
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** How often one id was seen, and where its first copies are. */
    private static final class Seen {
        final byte[] id;
        final List<DuplicateReport.Occurrence> where = new ArrayList<>(1);
        long count;

        Seen(byte[] id) {
            this.id = id.length > 64 ? Arrays.copyOf(id, 64) : id; // enough to recognise it
        }

        void add(ConsumerRecord<byte[], byte[]> r, int keep) {
            count++;
            if (where.size() < keep) {
                where.add(new DuplicateReport.Occurrence(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp())));
            }
        }
    }
}
