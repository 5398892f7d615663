package io.warden.dr;

import java.time.Instant;
import java.util.List;

/**
 * The way back from the DR cluster to the source: whether a reverse replication flow runs, which
 * topics would collide under the replication policy, and where each group would continue on the
 * source ({@code groups}, planned on the reversed pair).
 */
public record FailbackPlan(ReverseFlow flow, List<Collision> collisions, FailoverPlan groups) {

    public FailbackPlan {
        collisions = List.copyOf(collisions);
    }

    /**
     * The reverse flow (DR to source) as MirrorMaker's own topics show it.
     *
     * @param heartbeat      the newest heartbeat of the reverse flow on the source, or null
     * @param heartbeatFresh the heartbeat is younger than the pair's heartbeat-max-age
     * @param checkpoints    the reverse flow's checkpoints topic exists on the source
     * @param offsetSyncs    the reverse flow's offset-syncs topic exists on the DR cluster
     * @param state          {@code replicating}, {@code stale}, {@code heartbeats-only} or {@code none}
     */
    public record ReverseFlow(String from, String to, String heartbeatsTopic, String checkpointsTopic, String offsetSyncsTopic,
                              Instant heartbeat, boolean heartbeatFresh, boolean checkpoints, boolean offsetSyncs, String state) {

        public boolean replicating() {
            return state.equals("replicating");
        }
    }

    /**
     * A DR topic whose way back the replication policy gets wrong.
     *
     * @param topic   the topic on the DR cluster
     * @param wouldBe its name on the source under the reverse flow
     * @param kind    {@code loop} (identity policy: replicated back onto itself), {@code cycle} (default policy:
     *                MirrorMaker does not replicate it back) or {@code exists} (the name is taken on the source)
     * @param advice  what to do about it
     */
    public record Collision(String topic, String wouldBe, String kind, String advice) {
    }
}
