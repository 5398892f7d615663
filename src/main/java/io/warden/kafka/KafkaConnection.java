package io.warden.kafka;

import io.warden.WardenException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.ClientUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.LogContext;
import org.apache.kafka.common.utils.Time;

/**
 * An open Admin connection whose cluster has answered once. Opening fails fast with a message
 * that names the bootstrap servers and what to check, instead of a client stack trace.
 */
public final class KafkaConnection implements AutoCloseable {

    private final ConnectionSettings settings;
    private final Admin admin;
    private final String clusterId;

    private KafkaConnection(ConnectionSettings settings, Admin admin, String clusterId) {
        this.settings = settings;
        this.admin = admin;
        this.clusterId = clusterId;
    }

    public static KafkaConnection open(ConnectionSettings settings) {
        Admin admin = create(settings);
        try {
            String clusterId = Futures.get(admin.describeCluster(
                    new DescribeClusterOptions().timeoutMs(settings.timeoutMillis())).clusterId(), settings.timeout());
            return new KafkaConnection(settings, admin, clusterId);
        } catch (RuntimeException e) {
            admin.close(java.time.Duration.ZERO);
            WardenException refused = AuthenticationAdvice.explain(e, settings);
            if (refused != null) {
                throw refused;
            }
            throw new WardenException(WardenException.UNAVAILABLE, "cannot reach Kafka at " + settings.bootstrapServers()
                    + " within " + settings.timeout().toSeconds() + " s (" + Futures.describe(e) + "): check --bootstrap-server, "
                    + "that the brokers are up and reachable from here, and the security settings in --command-config", e);
        }
    }

    /** An Admin client without the reachability check, for a daemon that must start even if Kafka is down. */
    public static Admin create(ConnectionSettings settings) {
        try {
            return Admin.create(settings.adminProperties());
        } catch (KafkaException e) {
            throw unusable(e, settings);
        }
    }

    /**
     * Fails as {@link #create} would, with the same errors, without making the client: the settings,
     * the bootstrap addresses and the security setup (keystores, JAAS, the login) are checked as
     * Kafka checks them before it starts the client's network thread, which is never started here.
     */
    public static void check(ConnectionSettings settings) {
        AdminClientConfig config;
        try {
            config = new AdminClientConfig(settings.adminProperties());
        } catch (KafkaException e) {
            throw unusable(e, settings);
        }
        try {
            ClientUtils.parseAndValidateAddresses(config);
            ClientUtils.createChannelBuilder(config, Time.SYSTEM, new LogContext()).close();
        } catch (RuntimeException e) {
            // wrapped as Admin.create wraps what fails while it builds the client
            throw unusable(new KafkaException("Failed to create new KafkaAdminClient", e), settings);
        }
    }

    private static WardenException unusable(KafkaException e, ConnectionSettings settings) {
        WardenException unusable = ClientSetupAdvice.explain(e, settings);
        if (unusable != null) {
            return unusable;
        }
        Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
        return new WardenException(WardenException.USAGE, "cannot connect to Kafka at '" + settings.bootstrapServers()
                + "': " + cause.getMessage() + "; pass --bootstrap-server HOST:PORT with a resolvable host", e);
    }

    /**
     * {@link #create}, except that a login that failed (exit 69: the identity provider did not
     * answer or refused) is tried again on first use, so a daemon starts and reports it each cycle
     * instead of refusing to start; settings that cannot work still fail here.
     */
    public static Admin createRetryingLogin(ConnectionSettings settings) {
        try {
            return create(settings);
        } catch (WardenException e) {
            if (e.exitCode() != WardenException.UNAVAILABLE) {
                throw e;
            }
            return LoginRetryingAdmin.of(settings);
        }
    }

    public ClusterProbe probe(Clock clock) {
        return new ClusterProbe(admin, settings.timeout(), clock, AccessAdvice.of(settings));
    }

    /** Names the ACLs a refused request needs, for the principal these settings log in as. */
    public AccessAdvice access() {
        return AccessAdvice.of(settings);
    }

    /**
     * True when ACLs restrict this principal (it may do less than everything on the cluster), so
     * listings leave out what it may not DESCRIBE. Costs one request, made only when asked.
     */
    public boolean restricted() {
        return AccessAdvice.restricted(Futures.get(admin.describeCluster(new DescribeClusterOptions()
                .includeAuthorizedOperations(true).timeoutMs(settings.timeoutMillis())).authorizedOperations(), settings.timeout()));
    }

    /**
     * When this principal may not DESCRIBE every topic (or group), so listings leave some out: the
     * ACL that would show them all; else empty. Asks about a name no one uses: Kafka answers "not
     * authorized" for a name the principal may not DESCRIBE, "unknown" for one it may.
     */
    public Optional<String> seesOnlySome(ResourceType type) {
        String probe = "warden-visibility-check-" + UUID.randomUUID();
        try {
            if (type == ResourceType.GROUP) {
                Futures.get(admin.describeConsumerGroups(List.of(probe),
                        new DescribeConsumerGroupsOptions().timeoutMs(settings.timeoutMillis())).all(), settings.timeout());
            } else {
                Futures.get(admin.describeTopics(List.of(probe),
                        new DescribeTopicsOptions().timeoutMs(settings.timeoutMillis())).allTopicNames(), settings.timeout());
            }
        } catch (AuthorizationException hidden) {
            return Optional.of(access().aclCommand(AclOperation.DESCRIBE, type, "*"));
        } catch (RuntimeException unknownName) {
            // the name does not exist and the principal may know that: it sees every one
        }
        return Optional.empty();
    }

    /**
     * For a message about names the cluster did not list: {@code " (or User:bob may not DESCRIBE
     * it: kafka-acls ...)"} when {@link #restricted()}, else nothing.
     */
    public String unseen(ResourceType type, String name) {
        return restricted() ? " (" + access().mayBeHidden(type, name) + ")" : "";
    }

    /** {@link AccessAdvice#nothingVisible} when {@link #restricted()}, else empty. */
    public Optional<String> hiddenByAcls(ResourceType type) {
        return restricted() ? Optional.of(access().nothingVisible(type)) : Optional.empty();
    }

    public Admin admin() {
        return admin;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public String clusterId() {
        return clusterId;
    }

    @Override
    public void close() {
        admin.close(settings.timeout());
    }
}
