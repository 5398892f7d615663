package io.warden.cli;

import io.warden.OutputFiles;
import io.warden.connect.ConnectClient;
import io.warden.connect.ConnectSettings;
import io.warden.kafka.KafkaConnection;
import io.warden.protect.metadata.MetadataBackup;
import io.warden.protect.metadata.MetadataBackupService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "metadata", mixinStandardHelpOptions = true,
        description = {"Write topics (partitions, RF, config overrides), ACLs, consumer group offsets, share groups' "
            + "start offsets, streams groups' offsets, with "
            + "--connect-url Kafka Connect connector configs, and with --schema-registry-url every Schema Registry subject "
            + "with all its versions and the compatibility settings, to a JSON file. Topic data is not included."})
final class MetadataBackupCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--to", required = true, paramLabel = "FILE", description = "The backup file to write.")
    Path to;

    @Option(names = "--connect-url", paramLabel = "URL", description = "A Kafka Connect worker whose connector configs to include (repeatable).")
    List<String> connectUrls = List.of();

    @Mixin
    SchemaRegistryOptions schemaRegistry;

    @Mixin
    ConfigOption config;

    static ConnectClient connect(List<String> urls, ConnectionOptions connection) {
        return urls.isEmpty() ? null : new ConnectClient(ConnectSettings.of(urls, connection.settings().timeout()));
    }

    @Override
    public Integer call() {
        OutputFiles.requireWritable(to, "--to");
        var registry = schemaRegistry.client(connection.settings().timeout(), config.file());
        var connect = connect(connectUrls, connection);
        try (var kafka = KafkaConnection.open(connection.settings())) {
            MetadataBackup b = new MetadataBackupService(kafka, connect, registry, Clock.systemUTC()).backup(to);
            spec.commandLine().getOut().println("Saved " + b.topics().size() + " topics, "
                    + (b.acls() == null ? b.aclsUnavailable() : b.acls().size() + " ACLs") + ", "
                    + b.groups().size() + " groups' offsets"
                    + (b.shareGroups().isEmpty() ? "" : ", " + b.shareGroups().size() + " share groups' start offsets")
                    + (b.streamsGroups().isEmpty() ? "" : ", " + b.streamsGroups().size() + " streams groups' offsets")
                    + (b.connectors() == null ? "" : ", " + b.connectors().size() + " connectors")
                    + (b.schemaRegistry() == null ? "" : ", " + b.schemaRegistry().subjects().size() + " schema subjects ("
                        + b.schemaRegistry().subjects().values().stream().mapToInt(s -> s.versions().size()).sum() + " versions)")
                    + " to " + to);
            // listings hold only what the principal may DESCRIBE: say what the file may lack
            for (var type : List.of(org.apache.kafka.common.resource.ResourceType.TOPIC,
                    org.apache.kafka.common.resource.ResourceType.GROUP)) {
                kafka.seesOnlySome(type).ifPresent(acl -> spec.commandLine().getErr().println("warden: warning: the backup holds only the "
                        + type.name().toLowerCase(java.util.Locale.ROOT) + "s " + kafka.access().principal()
                        + " may DESCRIBE; to include every one: " + acl));
            }
            return 0;
        }
    }
}
