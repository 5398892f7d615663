package io.warden.dr;

import io.warden.dr.DrillReport.Marker;
import io.warden.dr.DrillReport.PartitionCount;
import io.warden.kafka.TopicScan;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/** Records counted over the same window on both sides of the pair. */
final class DrillCounts {

    private DrillCounts() {
    }

    /**
     * Records in the same window on both sides. For a named topic the window of a partition runs
     * from its first to its last marker (inclusive): the same two records on both clusters, so
     * records produced meanwhile by others count on both sides. The drill topic is counted whole.
     */
    static List<PartitionCount> count(DrPair pair, List<Marker> markers, boolean drillTopic, Clock clock) {
        Map<TopicPartition, List<Marker>> byPartition = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        markers.forEach(m -> byPartition.computeIfAbsent(new TopicPartition(m.topic(), m.partition()), k -> new ArrayList<>()).add(m));
        List<PartitionCount> out = new ArrayList<>();
        try (TopicScan src = TopicScan.open(pair.source().connection(), clock);
             TopicScan dr = TopicScan.open(pair.target().connection(), clock)) {
            for (var e : byPartition.entrySet()) {
                TopicPartition tp = e.getKey();
                TopicPartition rtp = pair.naming().replicaOf(tp);
                long sFrom;
                long sTo;
                Long rFrom = null;
                Long rTo = null;
                if (drillTopic) {
                    sFrom = src.beginnings(List.of(tp)).get(tp);
                    sTo = src.ends(List.of(tp)).get(tp);
                    if (!dr.partitionsIfAny(rtp.topic()).isEmpty()) {
                        rFrom = dr.beginnings(List.of(rtp)).get(rtp);
                        rTo = dr.ends(List.of(rtp)).get(rtp);
                    }
                } else {
                    Marker first = e.getValue().stream().min(Comparator.comparingLong(Marker::offset)).orElseThrow();
                    Marker last = e.getValue().stream().max(Comparator.comparingLong(Marker::offset)).orElseThrow();
                    sFrom = first.offset();
                    sTo = last.offset() + 1;
                    if (first.replicaOffset() != null && last.replicaOffset() != null) {
                        rFrom = first.replicaOffset();
                        rTo = last.replicaOffset() + 1;
                    }
                }
                Long sCount = records(src, tp, sFrom, sTo);
                Long rCount = rFrom == null ? (drillTopic ? Long.valueOf(0) : null) : records(dr, rtp, rFrom, rTo);
                long s = sCount == null ? -1 : sCount;
                out.add(new PartitionCount(tp.topic(), tp.partition(), sFrom, sTo, s, rtp.topic(), rFrom, rTo, rCount,
                        sCount != null && sCount.equals(rCount)));
            }
        }
        return out;
    }

    /** Records between the offsets, or null when there are more than {@link #DrillService.MAX_COUNTED}. */
    private static Long records(TopicScan scan, TopicPartition tp, long from, long to) {
        if (to <= from) {
            return 0L;
        }
        TopicScan.Outcome o = scan.read(Map.of(tp, from), Map.of(tp, to), DrillService.MAX_COUNTED, r -> true);
        return o.stopped() ? null : o.records();
    }
}
