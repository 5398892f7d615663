package io.warden.dr;

import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.config.WardenConfig.DrConfig;
import io.warden.config.WardenConfig.RestServiceConfig;
import io.warden.kafka.ConnectionSettings;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * A source cluster and the DR cluster MirrorMaker 2 replicates it to, with everything Warden
 * needs to judge the replication: how to reach both, MirrorMaker's names and filters, and the
 * recovery tiers.
 *
 * @param source           the replicated (primary) cluster
 * @param target           the DR cluster
 * @param naming           MirrorMaker's aliases and replication policy
 * @param topics           MirrorMaker's topic filter (source topic names)
 * @param groups           MirrorMaker's group filter
 * @param tiers            RPO/RTO targets per topic
 * @param heartbeatMaxAge  heartbeats older than this mean replication stopped
 * @param checkpointMaxAge a checkpoint older than this is stale
 */
public record DrPair(Side source, Side target, MirrorNaming naming, MirrorFilter topics, MirrorFilter groups,
                     RpoTiers tiers, Duration heartbeatMaxAge, Duration checkpointMaxAge) {

    /**
     * One cluster of the pair.
     *
     * @param name           its name in findings, metrics and reports
     * @param connection     how to reach its brokers
     * @param connect        its Kafka Connect (MirrorMaker's connectors, connector parity), or null
     * @param schemaRegistry its Schema Registry (subject parity), or null
     */
    public record Side(String name, ConnectionSettings connection, RestServiceConfig connect, RestServiceConfig schemaRegistry) {
    }

    /**
     * The pair a {@code dr:} section describes.
     *
     * @param source     the cluster section that holds {@code dr:}
     * @param where      the config path of that section, for messages (e.g. {@code cluster})
     * @param connection how a cluster section is reached (its bootstrap, command-config and client)
     * @param exit       the exit code of a bad setting: 78 from the config file, 64 from the command line
     */
    public static DrPair of(ClusterConfig source, String where, BiFunction<ClusterConfig, Duration, ConnectionSettings> connection,
                            Duration timeout, int exit) {
        DrConfig dr = source.dr();
        if (dr == null) {
            throw new io.warden.WardenException(exit, where + " has no dr: section: name the DR cluster"
                    + " (dr.target.bootstrap-servers) or pass --target-bootstrap-server");
        }
        if (dr.target() == null || dr.target().bootstrapServers() == null) {
            throw new io.warden.WardenException(exit, where + ".dr.target.bootstrap-servers is missing: name the DR"
                    + " cluster's brokers");
        }
        String at = where + ".dr";
        ClusterConfig t = dr.target();
        String targetName = t.name().equals("kafka") ? dr.targetAlias() : t.name();
        String sourceName = source.name().equals("kafka") ? dr.sourceAlias() : source.name();
        return new DrPair(
                new Side(sourceName, connection.apply(source, timeout), source.connect(), source.schemaRegistry()),
                new Side(targetName, connection.apply(t, timeout), t.connect(), t.schemaRegistry()),
                MirrorNaming.of(dr.sourceAlias(), dr.targetAlias(), dr.replicationPolicy(), dr.separator(), exit),
                MirrorFilter.of(dr.topics(), dr.topicsExclude(), at + ".topics", exit),
                MirrorFilter.of(dr.groups(), dr.groupsExclude(), at + ".groups", exit),
                RpoTiers.of(dr.tiers(), at + ".tiers", exit),
                dr.heartbeatMaxAge(), dr.checkpointMaxAge());
    }
}
