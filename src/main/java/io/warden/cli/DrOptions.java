package io.warden.cli;

import io.warden.WardenException;
import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.config.WardenConfig.DrConfig;
import io.warden.config.WardenConfig.RestServiceConfig;
import io.warden.config.WardenConfig;
import io.warden.daemon.ClusterWatch;
import io.warden.dr.DrPair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The DR pair a {@code dr} command works on: the {@code dr:} section of a cluster in
 * {@code --config}, or the pair named on the command line, whose flags also override the file's.
 */
final class DrOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "warden.yaml whose cluster has a dr: section (with"
            + " --source-bootstrap-server and --target-bootstrap-server it may have none; it names the audit trail).")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME", description = "The cluster of --config whose dr: section to use"
            + " (default: the only one that has one).")
    String cluster;

    @Option(names = "--source-bootstrap-server", paramLabel = "HOST:PORT", description = "The replicated (primary) cluster.")
    String sourceBootstrap;

    @Option(names = "--source-command-config", paramLabel = "FILE", description = "Client properties for the source cluster.")
    Path sourceCommandConfig;

    @Option(names = "--target-bootstrap-server", paramLabel = "HOST:PORT", description = "The DR cluster MirrorMaker 2 writes to.")
    String targetBootstrap;

    @Option(names = "--target-command-config", paramLabel = "FILE", description = "Client properties for the DR cluster.")
    Path targetCommandConfig;

    @Option(names = "--source-alias", paramLabel = "ALIAS", description = "MirrorMaker's alias of the source cluster"
            + " (default: primary).")
    String sourceAlias;

    @Option(names = "--target-alias", paramLabel = "ALIAS", description = "MirrorMaker's alias of the DR cluster (default: dr).")
    String targetAlias;

    @Option(names = "--replication-policy", paramLabel = "POLICY", description = "default (replicas named"
            + " <source-alias>.<topic>) or identity (same name); default: default.")
    String replicationPolicy;

    @Option(names = "--mirror-topics", paramLabel = "REGEXES", description = "MirrorMaker's topics filter, as in mm2.properties"
            + " (default: .*).")
    String mirrorTopics;

    @Option(names = "--mirror-groups", paramLabel = "REGEXES", description = "MirrorMaker's groups filter (default: .*).")
    String mirrorGroups;

    @Option(names = "--target-connect-url", paramLabel = "URL", description = "Kafka Connect REST URL where MirrorMaker's"
            + " connectors run, if they run on Connect.")
    List<String> targetConnectUrls;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.Timeout.class,
            description = "Bound on each request to Kafka, more than 0 and at most 24d (default: 10s).")
    Duration timeout;

    /** The pair: the config's, with the flags given on top; or the flags' alone. */
    DrPair pair() {
        Duration t = timeout == null ? ConnectionOptions.DEFAULT_TIMEOUT : timeout;
        WardenConfig file = config == null ? null : ConfigOption.load(config);
        // a config without a dr: section still names the audit trail when the flags name the pair
        boolean flagsOnly = file == null || (sourceBootstrap != null && targetBootstrap != null
                && file.watched().stream().noneMatch(c -> c.dr() != null));
        if (flagsOnly) {
            if (sourceBootstrap == null || targetBootstrap == null) {
                throw new WardenException(WardenException.USAGE, "no DR pair given: pass --source-bootstrap-server and"
                        + " --target-bootstrap-server, or --config with a cluster that has a dr: section");
            }
            ClusterConfig target = override(new ClusterConfig(null, null, null, null, null), targetBootstrap,
                    targetCommandConfig, targetConnectUrls);
            DrConfig dr = overrideDr(new DrConfig(target, null, null, null, null, null, null, null, null, null, null, null));
            ClusterConfig source = override(new ClusterConfig(null, null, null, null, null), sourceBootstrap,
                    sourceCommandConfig, null).withDr(dr);
            return DrPair.of(source, "the command line", ClusterWatch::connection, t, WardenException.USAGE);
        }
        ClusterConfig source = chosen(file);
        DrConfig dr = source.dr();
        dr = overrideDr(new DrConfig(override(dr.target(), targetBootstrap, targetCommandConfig, targetConnectUrls),
                dr.sourceAlias(), dr.targetAlias(), dr.replicationPolicy(), dr.separator(), dr.topics(), dr.topicsExclude(),
                dr.groups(), dr.groupsExclude(), dr.tiers(), dr.heartbeatMaxAge(), dr.checkpointMaxAge()));
        source = override(source, sourceBootstrap, sourceCommandConfig, null).withDr(dr);
        return DrPair.of(source, "cluster '" + source.name() + "' of " + config, ClusterWatch::connection, t, WardenException.CONFIG);
    }

    private ClusterConfig chosen(WardenConfig file) {
        List<ClusterConfig> withDr = file.watched().stream().filter(c -> c.dr() != null).toList();
        if (cluster != null) {
            return file.watched().stream().filter(c -> c.name().equals(cluster) && c.dr() != null).findFirst()
                    .orElseThrow(() -> new WardenException(WardenException.USAGE, "--cluster " + cluster + ": " + config
                            + " has no cluster of that name with a dr: section; those with one: "
                            + withDr.stream().map(ClusterConfig::name).toList()));
        }
        if (withDr.size() != 1) {
            throw new WardenException(WardenException.CONFIG, config + (withDr.isEmpty()
                    ? " has no cluster with a dr: section: add one (see deploy/warden.example.yaml)"
                    : " has several clusters with a dr: section " + withDr.stream().map(ClusterConfig::name).toList()
                        + ": choose one with --cluster"));
        }
        return withDr.get(0);
    }

    private static ClusterConfig override(ClusterConfig c, String bootstrap, Path commandConfig, List<String> connectUrls) {
        RestServiceConfig connect = connectUrls == null || connectUrls.isEmpty() ? c.connect()
                : new RestServiceConfig(connectUrls, c.connect() == null ? null : c.connect().username(),
                    c.connect() == null ? null : c.connect().password(), c.connect() == null ? null : c.connect().timeout());
        // a command-config file given on the command line replaces the file's client settings
        Map<String, String> client = commandConfig == null ? c.client() : Map.of();
        return new ClusterConfig(c.name(), bootstrap == null ? c.bootstrapServers() : bootstrap,
                commandConfig == null ? c.commandConfig() : commandConfig.toString(), client, c.expectedBrokers(),
                connect, c.schemaRegistry(), c.dr());
    }

    private DrConfig overrideDr(DrConfig d) {
        return new DrConfig(d.target(), pick(sourceAlias, d.sourceAlias()), pick(targetAlias, d.targetAlias()),
                pick(replicationPolicy, d.replicationPolicy()), d.separator(), pick(mirrorTopics, d.topics()),
                d.topicsExclude(), pick(mirrorGroups, d.groups()), d.groupsExclude(), d.tiers(), d.heartbeatMaxAge(),
                d.checkpointMaxAge());
    }

    private static String pick(String flag, String file) {
        return flag != null ? flag : file;
    }
}
