package io.warden.runbook.dlq;

import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.RecordText;
import io.warden.kafka.TopicScan;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/** Reads a dead-letter topic once, bounded, and says what it holds ({@link DlqInspection}). */
public final class InspectService {

    /** Distinct error groups kept; beyond, records count under {@code (other errors)} so memory stays bounded. */
    static final int MAX_GROUPS = 1000;

    /**
     * @param sample      records to render in the sample
     * @param errorHeader a header naming the error, preferred over the Spring and Connect headers; or null
     * @param maxRecords  records read at most
     * @param maxChars    longest rendering of a key, value or header
     * @param newest      read only the newest {@code maxRecords} records, an equal share of each partition, instead of
     *                    the oldest: what fails now, at a bounded cost however deep the DLQ
     */
    public record Options(int sample, String errorHeader, long maxRecords, int maxChars, boolean newest) {
        public Options(int sample, String errorHeader, long maxRecords, int maxChars) {
            this(sample, errorHeader, maxRecords, maxChars, false);
        }

        public static Options defaults() {
            return new Options(5, null, 100_000, 200);
        }
    }

    private final ConnectionSettings settings;
    private final Clock clock;

    public InspectService(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public DlqInspection inspect(String topic, Options options) {
        try (TopicScan scan = TopicScan.open(settings, clock)) {
            List<TopicPartition> parts = scan.partitions(topic);
            Map<TopicPartition, Long> start = scan.beginnings(parts);
            Map<TopicPartition, Long> end = scan.ends(parts);
            List<DlqInspection.PartitionDepth> depths = new ArrayList<>();
            long depth = 0;
            for (TopicPartition tp : parts) {
                long d = Math.max(0, end.get(tp) - start.get(tp));
                depths.add(new DlqInspection.PartitionDepth(tp.partition(), start.get(tp), end.get(tp), d));
                depth += d;
            }
            Map<String, Group> groups = new LinkedHashMap<>();
            List<DlqInspection.SampleRecord> sample = new ArrayList<>();
            long[] times = {Long.MAX_VALUE, Long.MIN_VALUE};
            Map<TopicPartition, Long> from = options.newest() ? newest(start, end, options.maxRecords()) : start;
            TopicScan.Outcome outcome = scan.read(from, end, options.maxRecords(), r -> {
                DeadLetter dl = DeadLetter.of(r.headers(), options.errorHeader());
                String error = dl.errorClass() == null ? "(unknown)" : dl.errorClass();
                if (!groups.containsKey(error) && groups.size() >= MAX_GROUPS) {
                    error = "(other errors)";
                }
                groups.computeIfAbsent(error, e -> new Group(dl.source(), dl.errorMessage())).add(r, dl);
                times[0] = Math.min(times[0], r.timestamp());
                times[1] = Math.max(times[1], r.timestamp());
                if (sample.size() < options.sample()) {
                    sample.add(sampleOf(r, dl, options.maxChars()));
                }
                return true;
            });
            if (outcome.stopped()) {
                // the newest records were not reached: date them from the last record of each partition
                Map<TopicPartition, Long> lastFrom = new HashMap<>();
                parts.forEach(tp -> lastFrom.put(tp, Math.max(start.get(tp), end.get(tp) - 1)));
                scan.read(lastFrom, end, parts.size(), r -> {
                    times[1] = Math.max(times[1], r.timestamp());
                    return true;
                });
            }
            if (!from.equals(start)) {
                // the oldest records were not read: date them from the first record of each partition
                Map<TopicPartition, Long> firstTo = new HashMap<>();
                parts.forEach(tp -> firstTo.put(tp, Math.min(end.get(tp), start.get(tp) + 1)));
                scan.read(start, firstTo, parts.size(), r -> {
                    times[0] = Math.min(times[0], r.timestamp());
                    return true;
                });
            }
            List<DlqInspection.ErrorGroup> errors = new ArrayList<>();
            groups.forEach((error, g) -> errors.add(new DlqInspection.ErrorGroup(error, g.source, g.count,
                    Instant.ofEpochMilli(g.first), Instant.ofEpochMilli(g.last), g.message, List.copyOf(g.topics))));
            errors.sort(Comparator.comparingLong(DlqInspection.ErrorGroup::count).reversed());
            boolean any = times[0] != Long.MAX_VALUE;
            return new DlqInspection(topic, clock.instant(), depth, depths, outcome.records(),
                    outcome.stopped() || !from.equals(start),
                    any ? Instant.ofEpochMilli(times[0]) : null, any ? Instant.ofEpochMilli(times[1]) : null,
                    errors, sample);
        }
    }

    /** Where to start so that at most {@code max} records are read: the same share from the end of each partition. */
    static Map<TopicPartition, Long> newest(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end, long max) {
        long share = Math.max(1, max / Math.max(1, start.size()));
        Map<TopicPartition, Long> from = new HashMap<>();
        start.forEach((tp, first) -> from.put(tp, Math.max(first, end.get(tp) - share)));
        return from;
    }

    static DlqInspection.SampleRecord sampleOf(ConsumerRecord<byte[], byte[]> r, DeadLetter dl, int maxChars) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header h : r.headers()) {
            if (!h.key().endsWith("stacktrace")) { // pages of stack trace would bury the sample
                headers.put(h.key(), RecordText.render(h.value(), maxChars));
            }
        }
        return new DlqInspection.SampleRecord(r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()),
                RecordText.render(r.key(), maxChars), RecordText.render(r.value(), maxChars), headers, dl);
    }

    private static final class Group {
        final String source;
        final String message;
        final TreeSet<String> topics = new TreeSet<>();
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        Group(String source, String message) {
            this.source = source;
            this.message = message;
        }

        void add(ConsumerRecord<byte[], byte[]> r, DeadLetter dl) {
            count++;
            first = Math.min(first, r.timestamp());
            last = Math.max(last, r.timestamp());
            if (dl.originalTopic() != null && topics.size() < 20) {
                topics.add(dl.originalTopic());
            }
        }
    }
}
