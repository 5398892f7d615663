package io.warden.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.ProbeFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/** Which groups a collection covers, and what is kept of a group that cannot be described. */
class GroupProbeTest {

    private static final TopicPartition JOBS = new TopicPartition("jobs", 0);

    private static GroupListing listing(String id, org.apache.kafka.common.GroupType type, String protocol, GroupState state) {
        return new GroupListing(id, Optional.ofNullable(type), protocol, Optional.ofNullable(state));
    }

    private static <T> KafkaFuture<T> failed(RuntimeException e) {
        KafkaFutureImpl<T> f = new KafkaFutureImpl<>();
        f.completeExceptionally(e);
        return f;
    }

    private static <T> T await(KafkaFuture<T> future, String probe, String target, List<ProbeFailure> failures) {
        try {
            return Futures.get(future, Duration.ofSeconds(1));
        } catch (RuntimeException e) {
            failures.add(new ProbeFailure(probe, target, Futures.describe(e)));
            return null;
        }
    }

    @Test
    void everyGroupTypeIsSelectedButNotConnectWorkerGroups() {
        var selected = GroupProbe.select(List.of(
                listing("classic", org.apache.kafka.common.GroupType.CLASSIC, "consumer", GroupState.STABLE),
                listing("simple", org.apache.kafka.common.GroupType.CLASSIC, "", GroupState.EMPTY),
                listing("kip848", org.apache.kafka.common.GroupType.CONSUMER, "consumer", GroupState.RECONCILING),
                listing("queue", org.apache.kafka.common.GroupType.SHARE, "share", GroupState.STABLE),
                listing("app", org.apache.kafka.common.GroupType.STREAMS, "streams", GroupState.ASSIGNING),
                listing("connect-cluster", org.apache.kafka.common.GroupType.CLASSIC, "connect", GroupState.STABLE),
                listing("old-broker", null, "consumer", null)), null);

        assertThat(selected.keySet()).containsExactly("app", "classic", "kip848", "old-broker", "queue", "simple");
        assertThat(GroupProbe.type(selected.get("queue"))).isEqualTo(GroupType.SHARE);
        assertThat(GroupProbe.type(selected.get("app"))).isEqualTo(GroupType.STREAMS);
        assertThat(GroupProbe.type(selected.get("kip848"))).isEqualTo(GroupType.CONSUMER);
        assertThat(GroupProbe.type(selected.get("old-broker"))).isEqualTo(GroupType.CLASSIC);
    }

    @Test
    void namedGroupsKeepTheirListedTypeAndUnlistedOnesAreAskedForAsClassic() {
        var selected = GroupProbe.select(List.of(
                listing("queue", org.apache.kafka.common.GroupType.SHARE, "share", GroupState.STABLE),
                listing("other", org.apache.kafka.common.GroupType.CONSUMER, "consumer", GroupState.STABLE)),
                Set.of("queue", "missing"));

        assertThat(selected.keySet()).containsExactly("missing", "queue");
        assertThat(GroupProbe.type(selected.get("queue"))).isEqualTo(GroupType.SHARE);
        assertThat(GroupProbe.type(selected.get("missing"))).isEqualTo(GroupType.CLASSIC);
    }

    @Test
    void aGroupThatCannotBeDescribedIsKeptWithTheReasonAndItsOffsets() {
        var listed = Map.of("queue", listing("queue", org.apache.kafka.common.GroupType.SHARE, "share", GroupState.STABLE));
        var requests = new GroupProbe.InFlight(listed,
                Map.of("queue", failed(new GroupAuthorizationException("Not authorized to access group: queue"))),
                Map.of("queue", KafkaFuture.completedFuture(Map.of(JOBS, new SharePartitionOffsetInfo(50, Optional.empty(),
                        Optional.of(30L))))));
        List<ProbeFailure> failures = new ArrayList<>();

        List<GroupInfo> groups = GroupProbe.collect(requests, GroupProbeTest::await, failures);

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.groupId()).isEqualTo("queue");
            assertThat(g.type()).isEqualTo(GroupType.SHARE);
            assertThat(g.state()).isEqualTo("STABLE"); // from the listing
            assertThat(g.problem()).contains("could not be described", "GroupAuthorizationException", "Not authorized");
            assertThat(g.committed()).containsEntry(JOBS, 50L);
            assertThat(g.reportedLag()).containsEntry(JOBS, 30L);
        });
        assertThat(failures).extracting(ProbeFailure::probe).containsExactly("groups");
    }

    @Test
    void aGroupKafkaDoesNotKnowIsDeadNotAFailure() {
        var requests = new GroupProbe.InFlight(GroupProbe.select(List.of(), Set.of("missing")),
                Map.of("missing", failed(new org.apache.kafka.common.errors.GroupIdNotFoundException("Group missing not found."))),
                Map.of("missing", KafkaFuture.completedFuture(Map.of())));
        List<ProbeFailure> failures = new ArrayList<>();

        List<GroupInfo> groups = GroupProbe.collect(requests, GroupProbeTest::await, failures);

        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.state()).isEqualTo("DEAD");
            assertThat(g.problem()).isNull();
        });
        assertThat(failures).isEmpty();
    }
}
