package io.warden.comply;

import io.warden.OutputFiles;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.ProbeFailure;
import io.warden.kafka.AccessAdvice;
import io.warden.kafka.Futures;
import io.warden.kafka.GroupProbe;
import io.warden.kafka.KafkaConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeUserScramCredentialsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.ResourceType;

/**
 * {@code warden audit compliance}: reads what the audit judges (listeners and certificates, ACLs,
 * topics and their configs, SCRAM users, the groups when PHI topics are selected, Warden's audit trail) once, then judges it with
 * {@link ComplianceRules}. Reads only; a part it may not read becomes an UNKNOWN check with the
 * reason, never a pass.
 */
public final class ComplianceService {

    private final KafkaConnection connection;
    private final Clock clock;

    public ComplianceService(KafkaConnection connection, Clock clock) {
        this.connection = connection;
        this.clock = clock;
    }

    public ComplianceReport audit(ComplianceOptions options) {
        var now = clock.instant();
        SecurityReading security = new SecurityProbe(connection.admin(), connection.settings(), options.services(), clock).read();
        List<AclBinding> acls = null;
        String aclError = null;
        try {
            acls = List.copyOf(Futures.get(connection.admin().describeAcls(AclBindingFilter.ANY,
                    new DescribeAclsOptions().timeoutMs(connection.settings().timeoutMillis())).values(), connection.settings().timeout()));
        } catch (SecurityDisabledException e) {
            aclError = AccessChecks.NO_AUTHORIZER + " (" + Futures.describe(e) + ")";
        } catch (RuntimeException e) {
            aclError = refused(e, "reading the ACLs", AclOperation.DESCRIBE, ResourceType.CLUSTER);
        }
        List<TopicFacts> topics = null;
        String topicError = null;
        try {
            var hidden = connection.seesOnlySome(ResourceType.TOPIC);
            topics = topics();
            if (hidden.isPresent()) {
                topicError = "Warden's principal may not DESCRIBE every topic, so a PHI topic could be missed: " + hidden.get();
            }
        } catch (RuntimeException e) {
            topicError = refused(e, "reading the topics and their configs", AclOperation.DESCRIBE_CONFIGS, ResourceType.TOPIC);
        }
        Set<String> scramUsers = null;
        String scramError = null;
        try {
            scramUsers = Set.copyOf(Futures.get(connection.admin().describeUserScramCredentials(List.of(),
                    new DescribeUserScramCredentialsOptions().timeoutMs(connection.settings().timeoutMillis())).all(),
                    connection.settings().timeout()).keySet());
        } catch (RuntimeException e) {
            scramError = refused(e, "listing the SCRAM users", AclOperation.DESCRIBE, ResourceType.CLUSTER);
        }
        List<GroupInfo> groups = null;
        String groupError = "not read: no PHI topics selected";
        if (options.phiTopics() != null) {
            List<ProbeFailure> failures = new ArrayList<>();
            groups = GroupProbe.read(connection.admin(), connection.settings().timeout(), null, failures);
            groupError = failures.isEmpty() ? null : failures.stream().limit(3)
                    .map(f -> ("*".equals(f.target()) ? "listing" : "group " + f.target()) + ": " + f.message()).toList().toString();
            if (failures.stream().anyMatch(f -> "*".equals(f.target()))) {
                groups = null;
            } else if (groupError == null) {
                groupError = connection.seesOnlySome(ResourceType.GROUP).map(acl -> "the listing leaves out the groups Warden's "
                        + "principal may not DESCRIBE: " + acl).orElse(null);
            }
        }
        var facts = new ComplianceFacts(connection.clusterId(), security, acls, aclError, topics, topicError, scramUsers, scramError,
                auditTrail(options.auditTrail()), groups, groupError);
        var checks = ComplianceRules.evaluate(facts, options, now);
        return new ComplianceReport(connection.clusterId(), connection.settings().bootstrapServers(), now, options.profile().name(),
                options.phiTopics() == null ? null : options.phiTopics().pattern(), io.warden.watch.Humanize.duration(options.maxRetention().toSeconds()),
                ComplianceRules.worst(checks), checks, PhiAccess.of(facts, options));
    }

    /** A refusal as the ACL that allows it; any other error as it is. */
    private String refused(RuntimeException e, String purpose, AclOperation operation, ResourceType type) {
        return connection.access().describeFailure(purpose, operation, type, type == ResourceType.CLUSTER ? "kafka-cluster" : "*", e);
    }

    /** Every topic the client may describe, with its smallest replica count and the three configs judged. */
    private List<TopicFacts> topics() {
        var admin = connection.admin();
        int ms = connection.settings().timeoutMillis();
        var timeout = connection.settings().timeout();
        Set<String> names = Futures.get(admin.listTopics(new ListTopicsOptions().timeoutMs(ms)).names(), timeout);
        if (names.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions = Futures.get(admin.describeTopics(names,
                new DescribeTopicsOptions().timeoutMs(ms)).allTopicNames(), timeout);
        var resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<String, Config> configs = new TreeMap<>();
        admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(ms)).values().forEach((r, f) -> {
            try {
                configs.put(r.name(), Futures.get(f, timeout));
            } catch (RuntimeException unreadable) {
                // this topic's configs stay unknown and its checks say so
            }
        });
        List<TopicFacts> out = new ArrayList<>();
        new TreeMap<>(descriptions).forEach((name, d) -> {
            int rf = d.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
            Config c = configs.get(name);
            out.add(new TopicFacts(name, rf, c == null ? null : number(c, "retention.ms"),
                    c == null || number(c, "min.insync.replicas") == null ? null : number(c, "min.insync.replicas").intValue(),
                    c == null || c.get("unclean.leader.election.enable") == null ? null
                            : Boolean.valueOf(c.get("unclean.leader.election.enable").value())));
        });
        return out;
    }

    private static Long number(Config c, String key) {
        var entry = c.get(key);
        try {
            return entry == null || entry.value() == null ? null : Long.valueOf(entry.value().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static ComplianceFacts.AuditTrailFacts auditTrail(Path file) {
        if (file == null) {
            return null;
        }
        boolean exists = Files.isRegularFile(file);
        long bytes = 0;
        try {
            bytes = exists ? Files.size(file) : 0;
        } catch (java.io.IOException e) {
            exists = false;
        }
        return new ComplianceFacts.AuditTrailFacts(file.toString(), OutputFiles.problem(file, false), exists, bytes);
    }
}
