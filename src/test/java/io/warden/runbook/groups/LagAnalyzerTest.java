package io.warden.runbook.groups;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.MemberInfo;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class LagAnalyzerTest {

    static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");

    static TopicPartition tp(int p) {
        return new TopicPartition("orders", p);
    }

    static MemberInfo member(String id, int... partitions) {
        return new MemberInfo(id, id + "-client", "/10.0.0.1", java.util.Arrays.stream(partitions).mapToObj(LagAnalyzerTest::tp).toList());
    }

    /** A sample of a six-partition topic: committed and log end per partition. */
    static LagSample sample(int second, long[] committed, long[] ends, int epoch, MemberInfo... members) {
        Map<TopicPartition, Long> c = new HashMap<>();
        Map<TopicPartition, Long> e = new HashMap<>();
        for (int p = 0; p < ends.length; p++) {
            c.put(tp(p), committed[p]);
            e.put(tp(p), ends[p]);
        }
        var group = new GroupInfo("billing", members.length == 0 ? "EMPTY" : "STABLE", GroupType.CLASSIC, 1, epoch, List.of(members), c);
        return new LagSample(T0.plusSeconds(second), group, e);
    }

    static final MemberInfo[] SIX = {member("a", 0, 1), member("b", 2, 3), member("c", 4, 5)};

    @Test
    void lagOnOnePartitionIsSkewedToIt() {
        long[] c = {100, 100, 100, 100, 100, 100};
        long[] e0 = {110, 110, 110, 5000, 110, 110};
        long[] c1 = {150, 150, 150, 100, 150, 150};
        long[] e1 = {150, 150, 150, 5050, 150, 150};

        var d = LagAnalyzer.analyze(sample(0, c, e0, -1, SIX), sample(10, c1, e1, -1, SIX), null, null);

        assertThat(d.totalLag()).isEqualTo(4950);
        assertThat(d.skewedTo()).containsExactly("orders-3");
        assertThat(d.maxToMedian()).isNull(); // median 0
        assertThat(d.recommendations()).anySatisfy(r -> assertThat(r).startsWith("lag is skewed to partition orders-3"));
        assertThat(d.severity()).isEqualTo(Severity.OK);
    }

    @Test
    void evenLagIsNotSkewedAndDrainsWhenConsumersAreFaster() {
        long[] c0 = {0, 0, 0, 0, 0, 0};
        long[] e0 = {1000, 1000, 1000, 1000, 1000, 1000};
        long[] c1 = {100, 100, 100, 100, 100, 100}; // 60 msg/s consumed
        long[] e1 = {1020, 1020, 1020, 1020, 1020, 1020}; // 12 msg/s produced

        var d = LagAnalyzer.analyze(sample(0, c0, e0, -1, SIX), sample(10, c1, e1, -1, SIX), 1000L, 10_000L);

        assertThat(d.skewedTo()).isEmpty();
        assertThat(d.maxToMedian()).isEqualTo(1.0);
        assertThat(d.consumeRate()).isEqualTo(60.0);
        assertThat(d.produceRate()).isEqualTo(12.0);
        assertThat(d.drainSeconds()).isEqualTo(5520 / 48.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(d.recommendations()).containsExactly(
                "consumers keep up with producers (60/s consumed vs 12/s produced); lag will drain in ~2m");
        assertThat(d.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void consumersSlowerThanProducersFallBehind() {
        long[] c0 = {0, 0, 0, 0, 0, 0};
        long[] e0 = {1000, 1000, 1000, 1000, 1000, 1000};
        long[] c1 = {10, 10, 10, 10, 10, 10};
        long[] e1 = {1100, 1100, 1100, 1100, 1100, 1100};

        var d = LagAnalyzer.analyze(sample(0, c0, e0, -1, SIX), sample(10, c1, e1, -1, SIX), null, 5000L);

        assertThat(d.drainSeconds()).isNull();
        assertThat(d.recommendations()).anySatisfy(r -> assertThat(r).startsWith("consumers fall behind: 60/s produced vs 6.0/s consumed"));
        assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void partitionsWithoutAMemberAndIdleMembersAreNamed() {
        long[] c = {0, 0, 0, 0, 0, 0};
        long[] e = {10, 10, 10, 10, 10, 10};
        MemberInfo[] members = {member("a", 0, 1), member("b", 2, 3), member("idle")};

        var d = LagAnalyzer.analyze(sample(0, c, e, -1, members), sample(5, c, e, -1, members), null, null);

        assertThat(d.unassigned()).containsExactly("orders-4", "orders-5");
        assertThat(d.idleMembers()).containsExactly("idle");
        assertThat(d.recommendations()).anySatisfy(r -> assertThat(r).startsWith("2 of 6 partitions have no member (orders-4, orders-5): scale out or check assignment"))
                .anySatisfy(r -> assertThat(r).startsWith("1 of 3 members have no partition"))
                .anySatisfy(r -> assertThat(r).startsWith("members are present but committed nothing in 5.0 s"));
    }

    @Test
    void aGroupWithoutMembersConsumesNothing() {
        long[] c = {0, 0, 0, 0, 0, 0};
        long[] e = {10, 10, 10, 10, 10, 10};

        var d = LagAnalyzer.analyze(sample(0, c, e, -1), sample(5, c, e, -1), null, null);

        assertThat(d.unassigned()).isEmpty(); // no members: nothing to assign to, said once below
        assertThat(d.recommendations()).singleElement().satisfies(r -> assertThat(r).startsWith("the group has no active members"));
    }

    @Test
    void aRebalanceDuringTheSampleIsReported() {
        long[] c = {10, 10, 10, 10, 10, 10};
        long[] e = {10, 10, 10, 10, 10, 10};

        var byEpoch = LagAnalyzer.analyze(sample(0, c, e, 4, SIX), sample(5, c, e, 5, SIX), null, null);
        var byMembers = LagAnalyzer.analyze(sample(0, c, e, -1, SIX), sample(5, c, e, -1, member("a", 0, 1, 2, 3, 4, 5)), null, null);
        var stable = LagAnalyzer.analyze(sample(0, c, e, -1, SIX), sample(5, c, e, -1, SIX), null, null);

        assertThat(byEpoch.rebalance()).isEqualTo("rebalanced during the sample (epoch 4 -> 5)");
        assertThat(byMembers.rebalance()).startsWith("rebalanced during the sample");
        assertThat(stable.rebalance()).contains("not observable in one look");
        assertThat(byEpoch.recommendations()).containsExactly("no lag: the group is caught up",
                "the group rebalanced during the sample (epoch 4 -> 5): consumers may be crashing, scaling, or exceeding max.poll.interval.ms");
    }

    @Test
    void durationsReadLikeAPersonWouldSayThem() {
        assertThat(LagAnalyzer.human(42)).isEqualTo("42s");
        assertThat(LagAnalyzer.human(240)).isEqualTo("4m");
        assertThat(LagAnalyzer.human(7200)).isEqualTo("2h");
        assertThat(LagAnalyzer.human(3 * 86400)).isEqualTo("3d");
    }

    /** A share group's sample on orders-0: start offset, the lag its broker reports, the log end. */
    static LagSample shareSample(int second, long start, long lag, long end, MemberInfo... members) {
        var group = new GroupInfo("queue", members.length == 0 ? "EMPTY" : "STABLE", GroupType.SHARE, 1, 3, List.of(members),
                Map.of(tp(0), start), Map.of(tp(0), lag), null);
        return new LagSample(T0.plusSeconds(second), group, Map.of(tp(0), end));
    }

    @Test
    void aShareGroupIsJudgedByItsBrokersLagNotByItsStartOffset() {
        // one record pinned at offset 100 holds the start offset; the members acknowledge everything after it
        var d = LagAnalyzer.analyze(shareSample(0, 100, 50, 1000, member("a", 0)), shareSample(10, 100, 20, 1100, member("a", 0)),
                null, null);

        assertThat(d.totalLag()).isEqualTo(20);
        assertThat(d.consumeRate()).isEqualTo(13.0); // 50 + 100 produced - 20 left, over 10 s
        assertThat(d.recommendations()).noneSatisfy(r -> assertThat(r).contains("committed nothing", "acknowledged nothing"));
    }
}
