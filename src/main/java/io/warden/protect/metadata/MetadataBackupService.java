package io.warden.protect.metadata;

import io.warden.WardenException;
import io.warden.connect.ConnectClient;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import io.warden.protect.drift.AclEntry;
import io.warden.protect.drift.ClusterMetadata;
import io.warden.protect.drift.MetadataFile;
import io.warden.protect.drift.MetadataReader;
import io.warden.protect.drift.TopicMetadata;
import io.warden.schemaregistry.RegistryContent;
import io.warden.schemaregistry.SchemaRegistryClient;
import io.warden.snapshot.GroupType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.errors.SecurityDisabledException;

/**
 * Reads a cluster's metadata (and its Connect cluster's connector configs and its Schema Registry's
 * subjects) into a {@link MetadataBackup}.
 */
public final class MetadataBackupService {

    private final KafkaConnection kafka;
    private final ConnectClient connect;
    private final SchemaRegistryClient registry;
    private final Clock clock;

    /** @param connect the Connect cluster whose connectors to include, or null for none */
    public MetadataBackupService(KafkaConnection kafka, ConnectClient connect, Clock clock) {
        this(kafka, connect, null, clock);
    }

    /** @param registry the Schema Registry whose subjects to include, or null for none */
    public MetadataBackupService(KafkaConnection kafka, ConnectClient connect, SchemaRegistryClient registry, Clock clock) {
        this.kafka = kafka;
        this.connect = connect;
        this.registry = registry;
        this.clock = clock;
    }

    /** Reads everything and writes it to {@code file}. */
    public MetadataBackup backup(Path file) {
        MetadataBackup backup = read();
        MetadataFile.write(file, backup);
        return backup;
    }

    /** The cluster's metadata now; a restore reads its target this way too. */
    public MetadataBackup read() {
        MetadataReader metadata = new MetadataReader(kafka);
        TreeSet<String> names = new TreeSet<>(Futures.get(kafka.admin().listTopics().names(), kafka.settings().timeout()));
        Map<String, TopicMetadata> topics = metadata.topics(names);
        List<AclEntry> acls = null;
        String aclsUnavailable = null;
        try {
            acls = metadata.acls();
        } catch (SecurityDisabledException e) {
            aclsUnavailable = ClusterMetadata.NO_AUTHORIZER;
        }
        var reader = new GroupOffsetsReader(kafka.admin(), kafka.settings().timeout());
        var groups = reader.offsets(names);
        var others = reader.shareAndStreamsOffsets(names);
        var share = others.get(GroupType.SHARE);
        var streams = others.get(GroupType.STREAMS);
        RegistryContent schemas = schemaRegistry();
        return new MetadataBackup(MetadataBackup.FORMAT, MetadataBackup.versionFor(schemas, share, streams), clock.instant(),
                kafka.clusterId(), topics, acls, aclsUnavailable, groups, connectors(), schemas, share, streams);
    }

    private Map<String, Map<String, String>> connectors() {
        return connect == null ? null : remote("connector configs", connect::connectorConfigs);
    }

    private RegistryContent schemaRegistry() {
        return registry == null ? null : remote("the Schema Registry", registry::read);
    }

    private interface RemoteRead<T> {
        T get() throws InterruptedException;
    }

    private static <T> T remote(String what, RemoteRead<T> read) {
        try {
            return read.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.UNAVAILABLE, "interrupted while reading " + what, e);
        }
    }

    /** A backup file, refused when it is of another format or a newer version. */
    public static MetadataBackup load(Path file) {
        MetadataBackup b = MetadataFile.read(file, MetadataBackup.class);
        if (!MetadataBackup.FORMAT.equals(b.format())) {
            throw new WardenException(WardenException.DATA, file + " is not a Warden metadata backup (format: " + b.format() + ")");
        }
        if (b.version() > MetadataBackup.VERSION) {
            throw new WardenException(WardenException.DATA, file + " has format version " + b.version()
                    + "; this Warden reads up to " + MetadataBackup.VERSION);
        }
        return b;
    }
}
