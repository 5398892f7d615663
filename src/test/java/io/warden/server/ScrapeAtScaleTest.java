package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.GroupType;
import io.warden.snapshot.PartitionInfo;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.snapshot.TopicInfo;
import io.warden.watch.CycleResult;
import io.warden.watch.GroupLag;
import io.warden.watch.GroupStatus;
import io.warden.watch.PartitionLag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A cluster of 1,000 topics × 10 partitions read by 500 groups of 200 partitions each: 100,000
 * group-partitions, every one lagging. /metrics stays within 20,000 series: group-level series for
 * every group, every partition of the group {@code metrics.partition-lag} names, and the five worst
 * partitions of each other group.
 */
class ScrapeAtScaleTest {

    private static final int TOPICS = 1_000;
    private static final int PARTITIONS = 10;
    private static final int GROUPS = 500;
    private static final int TOPICS_PER_GROUP = 20;
    private static final String NAMED = "payments-0042";

    @Test
    void aHundredThousandGroupPartitionsScrapeAsAtMostTwentyThousandSeries() {
        CycleResult result = cycle();
        var metrics = new WardenMetrics(new Fixtures.MutableClock(T0),
                new PartitionSeries(List.of(Pattern.compile("payments-004[2]")), 5));
        ClusterMetrics cluster = metrics.cluster("c");

        long[] publish = new long[5];
        long[] scrapes = new long[5];
        for (int i = 0; i < publish.length; i++) { // the first round is cold: class loading and JIT
            long t0 = System.nanoTime();
            cluster.publish(result);
            long t1 = System.nanoTime();
            metrics.scrapeBytes();
            long t2 = System.nanoTime();
            publish[i] = (t1 - t0) / 1_000_000;
            scrapes[i] = (t2 - t1) / 1_000_000;
        }
        String scrape = metrics.scrape();

        List<String> samples = scrape.lines().filter(l -> !l.startsWith("#")).toList();
        System.out.printf("100,000 group-partitions: %,d series, %,d bytes; rendered on publish in %s ms, "
                        + "scraped in %s ms (5 rounds, the first cold)%n", samples.size(), scrape.length(),
                java.util.Arrays.toString(publish), java.util.Arrays.toString(scrapes));
        assertThat(samples).hasSizeLessThanOrEqualTo(20_000);

        for (GroupLag g : result.lags()) {
            Set<String> lag = exported(samples, "kafka_consumergroup_lag{", g.group());
            Set<String> seconds = exported(samples, "kafka_consumergroup_lag_seconds{", g.group());
            Set<String> expected = (g.group().equals(NAMED) ? g.partitions().stream() : g.partitions().stream()
                    .sorted(Comparator.comparingLong(PartitionLag::lag).reversed()).limit(5))
                    .map(p -> p.topic() + "/" + p.partition()).collect(Collectors.toSet());
            assertThat(lag).as("partitions exported of %s", g.group()).isEqualTo(expected);
            assertThat(seconds).as("partitions dated of %s", g.group()).isEqualTo(expected);
            assertThat(samples).as("group-level series of %s", g.group()).contains(
                    "kafka_consumergroup_group_lag{cluster=\"c\",group=\"" + g.group() + "\",type=\"CONSUMER\"} "
                            + (double) g.totalLag(),
                    "kafka_consumergroup_partitions_lagging{cluster=\"c\",group=\"" + g.group() + "\",type=\"CONSUMER\"} 200.0");
        }
        assertThat(samples.stream().filter(l -> l.startsWith("kafka_topic_partitions{"))).hasSize(TOPICS);
        assertThat(samples).noneMatch(l -> l.startsWith("kafka_topic_") && l.contains("partition=\""));
    }

    /** "topic/partition" of every sample of {@code metric} for {@code group}. */
    private static Set<String> exported(List<String> samples, String metric, String group) {
        String prefix = metric + "cluster=\"c\",group=\"" + group + "\",";
        return samples.stream().filter(l -> l.startsWith(prefix)).map(l -> {
            String partition = l.replaceAll(".*partition=\"(\\d+)\".*", "$1");
            String topic = l.replaceAll(".*topic=\"([^\"]+)\".*", "$1");
            return topic + "/" + partition;
        }).collect(Collectors.toSet());
    }

    /**
     * Group {@code g} reads topics 20g … 20g+19 (wrapping around the 1,000), every partition behind by
     * a lag no other partition of the group has, so its five worst are one set.
     */
    private static CycleResult cycle() {
        List<TopicInfo> topics = new ArrayList<>();
        for (int t = 0; t < TOPICS; t++) {
            String name = topic(t);
            List<PartitionInfo> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new PartitionInfo(name, p, 1, List.of(1), List.of(1), 0, 1_000_000));
            }
            topics.add(new TopicInfo(name, false, 1, partitions));
        }
        List<GroupLag> groups = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
            String group = String.format("payments-%04d", g);
            List<PartitionLag> partitions = new ArrayList<>();
            for (int k = 0; k < TOPICS_PER_GROUP; k++) {
                String topic = topic((g * TOPICS_PER_GROUP + k) % TOPICS);
                for (int p = 0; p < PARTITIONS; p++) {
                    int i = k * PARTITIONS + p;
                    long lag = 1 + (i * 7919L + g * 104_729L) % 200; // a permutation of 1..200 within the group
                    partitions.add(new PartitionLag(group, topic, p, 1_000_000 - lag, 1_000_000, lag, lag / 10.0, false,
                            0.0, GroupStatus.WARN, "m", "c", "h"));
                }
            }
            groups.add(GroupLag.of(group, GroupType.CONSUMER, "STABLE", 3, 0, partitions, null));
        }
        Snapshot base = Fixtures.snapshot();
        Snapshot s = new Snapshot(base.takenAt(), base.cluster(), topics, base.groups(), base.logDirs(), base.offsetTimes(),
                base.failures(), base.durationMillis(), base.connect(), base.security(), base.replication());
        return new CycleResult(SnapshotHistory.of(s), groups, Fixtures.quorum(), List.of());
    }

    private static String topic(int t) {
        return String.format("orders.%04d", t);
    }
}
