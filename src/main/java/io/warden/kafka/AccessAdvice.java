package io.warden.kafka;

import io.warden.WardenException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Turns a refusal by Kafka's authorizer into what the operator must do about it: which operation
 * on which resource was refused, for what, and the {@code kafka-acls} line that allows it for the
 * principal Warden connects as. Names come from the cluster or the command line and are quoted
 * for the shell.
 */
public final class AccessAdvice {

    /** What a principal allowed everything on the cluster may do; less means ACLs restrict it. */
    private static final Set<AclOperation> ALL_CLUSTER_OPERATIONS = Set.of(AclOperation.ALTER, AclOperation.ALTER_CONFIGS,
            AclOperation.CLUSTER_ACTION, AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS,
            AclOperation.IDEMPOTENT_WRITE);
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern COORDINATOR_KEY = Pattern.compile("idValue='([^']*)'");
    private static final Pattern REFUSED_PARTITION = Pattern.compile("\\[([^,\\]]+)-\\d+[,\\]]");
    private static final Pattern CLUSTER_NEED = Pattern.compile("needs (\\w+) permission");
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._:,@/=+-]+");

    /** Which operation each part of a cluster probe needs (see {@link ClusterProbe}). */
    private static final Map<String, Need> PROBE_NEEDS = Map.of(
            "cluster", new Need("describing the cluster", AclOperation.DESCRIBE, ResourceType.CLUSTER),
            "quorum", new Need("describing the KRaft quorum", AclOperation.DESCRIBE, ResourceType.CLUSTER),
            "logdirs", new Need("disk usage", AclOperation.DESCRIBE, ResourceType.CLUSTER),
            "topics", new Need("describing topics", AclOperation.DESCRIBE, ResourceType.TOPIC),
            "topic-configs", new Need("reading topic configs", AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC),
            "offsets", new Need("reading log offsets", AclOperation.DESCRIBE, ResourceType.TOPIC),
            "groups", new Need("describing groups", AclOperation.DESCRIBE, ResourceType.GROUP),
            "group-offsets", new Need("reading committed offsets", AclOperation.DESCRIBE, ResourceType.GROUP));

    private record Need(String purpose, AclOperation operation, ResourceType type) {
    }

    private final ConnectionSettings settings;
    private final String bootstrapServers;
    private final String principal;

    private AccessAdvice(ConnectionSettings settings, String bootstrapServers, String principal) {
        this.settings = settings;
        this.bootstrapServers = bootstrapServers;
        this.principal = principal;
    }

    /** Advice for the principal the settings log in as: the SASL user name, else a placeholder. */
    public static AccessAdvice of(ConnectionSettings settings) {
        String jaas = settings.clientProperties().get("sasl.jaas.config");
        Matcher user = jaas == null ? null : JAAS_USER.matcher(jaas);
        String principal = user != null && user.find() ? "User:" + user.group(1).replaceAll("\\\\(.)", "$1") : "User:PRINCIPAL";
        return new AccessAdvice(settings, settings.bootstrapServers(), principal);
    }

    /** Advice when the connection settings are not known. */
    public static AccessAdvice unknown() {
        return new AccessAdvice(null, "BROKERS", "User:PRINCIPAL");
    }

    /** The principal the ACL lines name, e.g. {@code User:bob}. */
    public String principal() {
        return principal;
    }

    /**
     * One line: {@code "<purpose> needs READ on topic jobs: kafka-acls --bootstrap-server ... --add
     * --allow-principal User:bob --operation Read --topic jobs"}. {@code name} may be {@code *}.
     */
    public String needs(String purpose, AclOperation operation, ResourceType type, String name) {
        String on = type == ResourceType.CLUSTER ? "the cluster"
                : name.equals("*") ? "every " + typeWord(type) : typeWord(type) + " " + RecordText.escape(name);
        return purpose + " needs " + operation.name() + " on " + on + ": " + aclCommand(operation, type, name);
    }

    /** The {@code kafka-acls} line that allows {@code operation} on the resource to this principal. */
    public String aclCommand(AclOperation operation, ResourceType type, String name) {
        String resource = type == ResourceType.CLUSTER ? "--cluster" : "--" + flag(type) + " " + shell(name);
        return "kafka-acls --bootstrap-server " + shell(bootstrapServers) + " --add --allow-principal " + shell(principal)
                + " --operation " + camel(operation) + " " + resource;
    }

    /** The refusal as a Warden error (exit 69) naming what was refused and the ACL that allows it. */
    public WardenException denied(String purpose, AclOperation operation, ResourceType type, String name, Throwable cause) {
        return new WardenException(WardenException.UNAVAILABLE, needs(purpose, operation, type, name), cause);
    }

    /**
     * A failed probe in one line: what it needs when the authorizer refused it, else the error.
     *
     * @param probe  the part of the probe ({@code topics}, {@code groups}, ...)
     * @param target what it asked for: a topic, group, {@code topic-partition}, or {@code *}
     */
    public String describeProbeFailure(String probe, String target, Throwable e) {
        AuthorizationException refused = authorization(e);
        Need need = PROBE_NEEDS.get(probe);
        if (refused == null || need == null) {
            return describeFailure(null, null, null, null, e);
        }
        String name = need.type() == ResourceType.CLUSTER ? "kafka-cluster" : resourceName(refused, probe, target);
        return describeFailure(need.purpose(), need.operation(), need.type(), name, e);
    }

    /**
     * A failed request in one line: the login to fix, what it needs when the authorizer refused it
     * (when {@code purpose} is given), else the error.
     */
    public String describeFailure(String purpose, AclOperation operation, ResourceType type, String name, Throwable e) {
        WardenException login = AuthenticationAdvice.explain(e, settings);
        if (login != null) {
            return login.getMessage();
        }
        return purpose == null || authorization(e) == null ? Futures.describe(e) : needs(purpose, operation, type, name);
    }

    /**
     * What to say when a principal that ACLs restrict sees no topic or group: listing returns only
     * what it may DESCRIBE, so an empty list is not an empty cluster.
     */
    public String nothingVisible(ResourceType type) {
        String plural = typeWord(type) + "s";
        return "no " + typeWord(type) + " is visible to " + principal + ", which may lack DESCRIBE on " + plural
                + " (an empty list does not mean the cluster has none): " + aclCommand(AclOperation.DESCRIBE, type, "*");
    }

    /** A name not found may be one the principal may not see: the line that would show it. */
    public String mayBeHidden(ResourceType type, String name) {
        return "or " + principal + " may not DESCRIBE it: " + aclCommand(AclOperation.DESCRIBE, type, name);
    }

    /**
     * True when the cluster's authorized operations for this principal are fewer than all: ACLs
     * restrict it, so listings may hide what it may not DESCRIBE. Null (not asked) is false.
     */
    public static boolean restricted(Set<AclOperation> clusterOperations) {
        return clusterOperations != null && !clusterOperations.containsAll(ALL_CLUSTER_OPERATIONS);
    }

    /** True when a probe failure's message is one of {@link #needs}: the authorizer refused, the target may well exist. */
    public static boolean isRefusal(String message) {
        return message != null && message.contains(" needs ") && message.contains(": kafka-acls ");
    }

    /**
     * What the authorizer refused, when the operation is not known here: "Kafka's authorizer
     * refused access to topic jobs", or null when {@code e} is no authorization failure.
     */
    public static String refusal(Throwable e) {
        AuthorizationException a = authorization(e);
        if (a == null) {
            return null;
        }
        String what;
        if (a instanceof TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
            what = "access to topic " + String.join(", ", t.unauthorizedTopics().stream().sorted().map(RecordText::escape).toList());
        } else if (a instanceof GroupAuthorizationException g && (g.groupId() != null || COORDINATOR_KEY.matcher(
                String.valueOf(g.getMessage())).find())) {
            // FindCoordinator names the group only in its message
            Matcher key = COORDINATOR_KEY.matcher(String.valueOf(g.getMessage()));
            what = "access to group " + RecordText.escape(g.groupId() != null ? g.groupId() : key.find() ? key.group(1) : "?");
        } else if (a instanceof org.apache.kafka.common.errors.ClusterAuthorizationException) {
            Matcher op = CLUSTER_NEED.matcher(String.valueOf(a.getMessage()));
            what = op.find() ? op.group(1) + " on the cluster" : "an operation on the cluster";
        } else if (a instanceof TransactionalIdAuthorizationException) {
            what = "the transactional id (WRITE on transactional id)";
        } else {
            what = "the request (" + RecordText.escape(String.valueOf(a.getMessage())) + ")";
        }
        return "Kafka's authorizer refused " + what;
    }

    /**
     * For a refused request about consumer groups: the ACL it needs on the topic the refusal
     * names, else on the group ({@code group}, or the one the refusal names).
     *
     * @param operation what the request does: READ to commit offsets, DESCRIBE to read them, DELETE
     */
    public String needsForGroup(String purpose, AclOperation operation, String group, Collection<String> topics,
                                AuthorizationException refused) {
        if (refused instanceof TopicAuthorizationException t) {
            AclOperation onTopic = operation == AclOperation.READ ? AclOperation.READ : AclOperation.DESCRIBE;
            // the refused topics are in the error's set, or only in its message as partitions ("[jobs-0, jobs-1]")
            Matcher partition = REFUSED_PARTITION.matcher(String.valueOf(t.getMessage()));
            String topic = !t.unauthorizedTopics().isEmpty() ? t.unauthorizedTopics().stream().sorted().findFirst().orElseThrow()
                    : partition.find() ? partition.group(1) : topics.stream().sorted().findFirst().orElse(null);
            if (topic != null) {
                return needs(purpose, onTopic, ResourceType.TOPIC, topic);
            }
        }
        String named = group;
        if (refused instanceof GroupAuthorizationException g) {
            Matcher key = COORDINATOR_KEY.matcher(String.valueOf(g.getMessage()));
            named = g.groupId() != null ? g.groupId() : key.find() ? key.group(1) : group;
        }
        return named == null ? refusal(refused) : needs(purpose, operation, ResourceType.GROUP, named);
    }

    /**
     * A refusal met where the operation is not known: the kafka-acls line when the refusal names
     * it (a cluster operation), else what was refused and where the ACLs of {@code command} are.
     */
    public String refusedFor(String command, AuthorizationException refused) {
        if (refused instanceof org.apache.kafka.common.errors.ClusterAuthorizationException) {
            Matcher op = CLUSTER_NEED.matcher(String.valueOf(refused.getMessage()));
            AclOperation needed = op.find() ? AclOperation.fromString(op.group(1)) : AclOperation.UNKNOWN;
            if (needed != AclOperation.UNKNOWN) {
                return needs(command, needed, ResourceType.CLUSTER, "kafka-cluster");
            }
        }
        return refusal(refused) + ": " + principal + " lacks an ACL that " + command + " needs; docs/permissions.md lists them";
    }

    /** The authorization error in {@code e}'s causes, or null. */
    public static AuthorizationException authorization(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException a) {
                return a;
            }
        }
        return null;
    }

    private static String resourceName(AuthorizationException refused, String probe, String target) {
        if (refused instanceof TopicAuthorizationException t && t.unauthorizedTopics().size() == 1) {
            return t.unauthorizedTopics().iterator().next();
        }
        if (refused instanceof GroupAuthorizationException g && g.groupId() != null) {
            return g.groupId();
        }
        if (refused instanceof TransactionalIdAuthorizationException) {
            return target;
        }
        if (probe.equals("offsets")) {
            int dash = target.lastIndexOf('-');
            return dash > 0 ? target.substring(0, dash) : target; // topic-partition
        }
        return target;
    }

    private static String typeWord(ResourceType type) {
        return switch (type) {
            case TRANSACTIONAL_ID -> "transactional id";
            case DELEGATION_TOKEN -> "delegation token";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    private static String flag(ResourceType type) {
        return switch (type) {
            case TRANSACTIONAL_ID -> "transactional-id";
            case DELEGATION_TOKEN -> "delegation-token";
            default -> type.name().toLowerCase(Locale.ROOT);
        };
    }

    /** READ -> Read, DESCRIBE_CONFIGS -> DescribeConfigs: how kafka-acls spells operations. */
    static String camel(AclOperation operation) {
        StringBuilder out = new StringBuilder();
        for (String part : operation.name().split("_")) {
            out.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }

    /** A word the shell passes through unchanged: as is when safe, else in single quotes. */
    static String shell(String word) {
        if (SHELL_SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + RecordText.escape(word).replace("'", "'\\''") + "'";
    }
}
