package io.warden.cli;

import io.warden.InputFiles;
import io.warden.WardenException;
import io.warden.comply.CertificatePolicy;
import io.warden.config.WardenConfig;
import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.daemon.ClusterWatch;
import io.warden.kafka.ConnectionSettings;
import io.warden.watch.CheckSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A warden.yaml for a command that judges a cluster: it judges with the file's thresholds, as the
 * daemon does, and reaches the file's cluster unless the connection flags name another.
 */
final class ThresholdConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "warden.yaml: judge with its checks: thresholds, as"
            + " 'warden watch' does, and connect to its cluster (--bootstrap-server and --command-config override it).")
    Path config;

    @Option(names = "--cluster", paramLabel = "NAME", description = "The cluster of --config to use when it lists"
            + " several (default: the only one).")
    String cluster;

    private WardenConfig loaded;

    /** The file's config, or the defaults when none was named. */
    WardenConfig config() {
        if (loaded == null) {
            if (cluster != null && config == null) {
                throw new WardenException(WardenException.USAGE, "--cluster " + cluster + " names a cluster of --config;"
                        + " pass --config FILE too");
            }
            loaded = ConfigOption.load(config);
        }
        return loaded;
    }

    CheckSettings checks() {
        return CheckSettings.of(config());
    }

    CertificatePolicy certificates() {
        return CertificatePolicy.of(config().checks().certificates());
    }

    /** The lag warning the command line names, else the file's {@code checks.lag.warning} (or its default); none without a file. */
    Long lagWarning(Long flag) {
        return flag != null || config == null ? flag : Long.valueOf(checks().lagWarning());
    }

    /** The lag that is critical, as {@link #lagWarning} chooses it. */
    Long lagCritical(Long flag) {
        return flag != null || config == null ? flag : Long.valueOf(checks().lagCritical());
    }

    /** The broker ids the command line names, else those the file's cluster expects. */
    List<Integer> expectedBrokers(List<Integer> flag) {
        return !flag.isEmpty() || config == null ? flag : cluster().expectedBrokers();
    }

    /** The command line's connection alone without a file; with one, its cluster with the flags on top, as watch does. */
    ConnectionSettings connection(ConnectionOptions flags) {
        if (config == null) {
            return flags.settings();
        }
        if (flags.commandConfig != null) {
            InputFiles.readText(flags.commandConfig, "--command-config", InputFiles.SMALL); // named here: 66 or 65, not the config's 78
        }
        ClusterConfig c = cluster();
        ClusterConfig chosen = new ClusterConfig(c.name(),
                flags.bootstrapServer != null ? flags.bootstrapServer : c.bootstrapServers(),
                flags.commandConfig != null ? flags.commandConfig.toString() : c.commandConfig(),
                c.client(), c.expectedBrokers(), c.connect(), c.schemaRegistry());
        return ClusterWatch.connection(chosen, flags.timeout != null ? flags.timeout : config().watch().timeout());
    }

    private ClusterConfig cluster() {
        List<ClusterConfig> clusters = config().watched();
        if (cluster != null) {
            return clusters.stream().filter(c -> c.name().equals(cluster)).findFirst()
                    .orElseThrow(() -> new WardenException(WardenException.USAGE, "--cluster " + cluster + ": " + config
                            + " has no cluster of that name; it has " + clusters.stream().map(ClusterConfig::name).toList()));
        }
        if (clusters.size() > 1) {
            throw new WardenException(WardenException.USAGE, config + " lists " + clusters.size() + " clusters "
                    + clusters.stream().map(ClusterConfig::name).toList() + ": choose one with --cluster");
        }
        return clusters.get(0);
    }
}
