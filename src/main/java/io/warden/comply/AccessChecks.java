package io.warden.comply;

import static io.warden.comply.CertificateCheck.text;

import io.warden.comply.ComplianceCheck.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** The audit's authorization checks: an authorizer that denies by default, and the ACL review. Pure. */
final class AccessChecks {

    static final String AUTHORIZER = "authorizer-deny-by-default";
    static final String ACL_REVIEW = "acl-review";
    static final String PHI_ACCESS = "phi-access";
    /** How the service records a cluster without an authorizer: it has no ACLs at all. */
    static final String NO_AUTHORIZER = "no authorizer is configured on the brokers";

    private static final Set<AclOperation> WRITES = Set.of(AclOperation.WRITE, AclOperation.ALL);
    private static final Set<AclOperation> READS = Set.of(AclOperation.READ, AclOperation.ALL);

    private AccessChecks() {
    }

    static boolean noAuthorizer(ComplianceFacts facts) {
        return facts.aclError() != null && facts.aclError().startsWith(NO_AUTHORIZER);
    }

    static ComplianceCheck authorizer(ComplianceFacts facts) {
        Map<Integer, Map<String, String>> brokers = facts.security().brokerConfigs();
        if (brokers.isEmpty()) {
            return ComplianceCheck.unknown(AUTHORIZER, "the brokers' configs could not be read: "
                    + text(facts.security().configError()), List.of());
        }
        List<String> failed = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        brokers.forEach((id, config) -> {
            String authorizer = config.getOrDefault("authorizer.class.name", "");
            String allowEveryone = config.get("allow.everyone.if.no.acl.found");
            evidence.add("broker " + id + ": authorizer.class.name=" + (authorizer.isBlank() ? "(none)" : text(authorizer))
                    + ", allow.everyone.if.no.acl.found=" + (allowEveryone == null ? "false (default)" : text(allowEveryone)));
            if (authorizer.isBlank()) {
                failed.add("broker " + id + " has no authorizer: every client may do everything");
            } else if ("true".equalsIgnoreCase(allowEveryone)) {
                failed.add("broker " + id + " allows everyone on resources without ACLs");
            } else if (SecurityReading.HIDDEN.equals(allowEveryone)) {
                hidden.add(Integer.toString(id));
            }
        });
        if (!failed.isEmpty()) {
            evidence.addAll(0, failed);
            return new ComplianceCheck(AUTHORIZER, Status.FAIL, String.join("; ", failed), evidence);
        }
        if (facts.security().configError() != null) {
            return ComplianceCheck.unknown(AUTHORIZER, "not every broker's configs could be read: "
                    + text(facts.security().configError()), evidence);
        }
        if (!hidden.isEmpty()) {
            return ComplianceCheck.unknown(AUTHORIZER, "an authorizer is configured, but allow.everyone.if.no.acl.found is set on "
                    + "broker(s) " + String.join(", ", hidden) + " and Kafka does not reveal its value (it hides settings it does "
                    + "not define itself): confirm it is false in their server.properties", evidence);
        }
        return ComplianceCheck.pass(AUTHORIZER, "every broker has an authorizer and denies what no ACL allows", evidence);
    }

    static ComplianceCheck aclReview(ComplianceFacts facts, ComplianceOptions options) {
        if (facts.acls() == null) {
            return ComplianceCheck.unknown(ACL_REVIEW, "the ACLs could not be read: " + text(facts.aclError()), List.of());
        }
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        // with only part of the topics visible, an ACL of a hidden topic would look stale
        Set<String> topics = facts.topics() == null || facts.topicError() != null ? null
                : facts.topics().stream().map(TopicFacts::name).collect(Collectors.toSet());
        List<String> phi = facts.topics() == null ? List.of()
                : facts.topics().stream().map(TopicFacts::name).filter(options::isPhi).sorted().toList();
        boolean scram = facts.security().listeners().stream().anyMatch(l -> l.saslMechanisms().stream().anyMatch(m -> m.startsWith("SCRAM-")));
        for (AclBinding b : facts.acls()) {
            if (b.entry().permissionType() != AclPermissionType.ALLOW) {
                continue;
            }
            String principal = b.entry().principal();
            boolean everyone = principal.equals("User:*") || principal.equals("User:ANONYMOUS");
            List<String> phiCovered = b.pattern().resourceType() == ResourceType.TOPIC
                    ? phi.stream().filter(t -> covers(b.pattern(), t)).toList() : List.of();
            if (everyone && !phiCovered.isEmpty()) {
                failures.add(principal + " on PHI topic(s) " + names(phiCovered) + ": " + describe(b));
            } else if (!phiCovered.isEmpty() && WRITES.contains(b.entry().operation()) && b.pattern().name().equals("*")) {
                failures.add("WRITE on every topic, PHI topic(s) " + names(phiCovered) + " included: " + describe(b));
            } else if (everyone) {
                warnings.add(principal + " granted: " + describe(b));
            }
            if (topics != null && b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().patternType() == PatternType.LITERAL
                    && !b.pattern().name().equals("*") && !topics.contains(b.pattern().name())) {
                warnings.add("names topic " + text(b.pattern().name()) + ", which no longer exists: " + describe(b));
            }
            if (scram && facts.scramUsers() != null && principal.startsWith("User:") && !everyone && !principal.contains("=")
                    && !facts.scramUsers().contains(principal.substring(5))) {
                warnings.add("names " + text(principal) + ", who has no SCRAM credential (a user that no longer exists?): " + describe(b));
            }
        }
        List<String> evidence = new ArrayList<>(failures);
        evidence.addAll(warnings);
        if (scram && facts.scramUsers() == null) {
            evidence.add("principals were not checked against the SCRAM users: " + text(facts.scramError()));
        }
        String counted = facts.acls().size() + " ACL(s) reviewed";
        if (!failures.isEmpty()) {
            return new ComplianceCheck(ACL_REVIEW, Status.FAIL, counted + ": " + failures.size() + " grant(s) on PHI topics to everyone "
                    + "or of WRITE to every topic", evidence);
        }
        if (!warnings.isEmpty()) {
            return new ComplianceCheck(ACL_REVIEW, Status.WARN, counted + ": " + warnings.size() + " to tidy up", evidence);
        }
        return ComplianceCheck.pass(ACL_REVIEW, counted + ": none to everyone, none stale", evidence);
    }

    /**
     * Whether who reads PHI is on record. WARN when a group reads a PHI topic that no ACL lets anyone
     * but the super users READ (it reads as a super user, or there is no authorizer: nobody's access
     * is recorded), or when a principal may READ every topic, PHI included (more than it needs).
     */
    static ComplianceCheck phiAccess(ComplianceFacts facts, ComplianceOptions options, PhiAccess inventory) {
        if (inventory.topicsUnknown() != null && inventory.topics().isEmpty()) {
            return ComplianceCheck.unknown(PHI_ACCESS, "the topics could not be read: " + inventory.topicsUnknown(), List.of());
        }
        if (inventory.topics().isEmpty()) {
            return new ComplianceCheck(PHI_ACCESS, Status.WARN, DataChecks.noPhiTopic(options), List.of());
        }
        Set<String> superUsers = PhiAccess.superUsers(facts.security());
        List<String> warnings = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (PhiAccess.Topic t : inventory.topics()) {
            List<String> groups = t.readBy().stream().map(r -> r.group() + " (" + r.type().toLowerCase(java.util.Locale.ROOT) + ")").toList();
            List<String> readers = t.allowed().entrySet().stream().filter(e -> READS.contains(AclOperation.fromString(e.getKey())))
                    .flatMap(e -> e.getValue().stream()).filter(who -> superUsers.stream().noneMatch(su -> who.startsWith(su + " ("))).toList();
            if (groups.isEmpty()) {
                seen.add(t.name() + ": read by no group; READ granted to " + (readers.isEmpty() ? "no one but the super users" : readers));
            } else if (noAuthorizer(facts)) {
                warnings.add(t.name() + " is read by group(s) " + groups + " with no authorizer on the brokers: any client may read "
                        + "it and no ACL records who does");
            } else if (inventory.aclsUnknown() != null) {
                unknown.add(t.name() + ": read by group(s) " + groups + "; who may read it is unknown: the ACLs could not be read");
            } else if (readers.isEmpty()) {
                warnings.add(t.name() + " is read by group(s) " + groups + ", but no ACL grants READ on it to anyone but the super "
                        + "users " + (!superUsers.isEmpty() ? superUsers.stream().map(CertificateCheck::text).toList()
                        : facts.security().brokerConfigs().values().stream().anyMatch(c -> SecurityReading.HIDDEN.equals(c.get("super.users")))
                        ? "(super.users is set in server.properties, which Kafka does not reveal)" : "(none configured)") + ": they read it as a super user, "
                        + "whose access to PHI no ACL records; grant READ to the application's own principal");
            } else {
                seen.add(t.name() + ": read by group(s) " + groups + "; READ granted to " + readers);
            }
        }
        List<String> phi = inventory.topics().stream().map(PhiAccess.Topic::name).toList();
        for (AclBinding b : facts.acls() == null ? List.<AclBinding>of() : facts.acls()) {
            String principal = b.entry().principal();
            if (b.entry().permissionType() == AclPermissionType.ALLOW && READS.contains(b.entry().operation())
                    && b.pattern().resourceType() == ResourceType.TOPIC && b.pattern().patternType() == PatternType.LITERAL
                    && b.pattern().name().equals("*") && !superUsers.contains(principal)) {
                warnings.add(text(principal) + " may READ every topic, PHI topic(s) " + names(phi) + " included, more than one "
                        + "application needs: " + describe(b));
            }
        }
        if (inventory.groupsUnknown() != null) {
            unknown.add("the groups could not all be read: " + inventory.groupsUnknown());
        }
        if (inventory.topicsUnknown() != null) {
            unknown.add("the topics could not all be read: " + inventory.topicsUnknown());
        }
        List<String> evidence = new ArrayList<>(warnings);
        evidence.addAll(unknown);
        evidence.addAll(seen);
        if (!warnings.isEmpty()) {
            return new ComplianceCheck(PHI_ACCESS, Status.WARN, warnings.size() + " warning(s): a group reads PHI without an ACL of "
                    + "its own, or READ is granted on every topic", evidence);
        }
        if (!unknown.isEmpty()) {
            return ComplianceCheck.unknown(PHI_ACCESS, "who reads the PHI topics could not be fully read: " + unknown.get(0), evidence);
        }
        return ComplianceCheck.pass(PHI_ACCESS, "every group reading one of " + phi.size() + " PHI topic(s) reads it under an ACL "
                + "granting READ to a principal of its own", evidence);
    }

    /** Whether the ACL's pattern applies to {@code topic}, as the authorizer matches it. */
    static boolean covers(ResourcePattern p, String topic) {
        return switch (p.patternType()) {
            case LITERAL -> p.name().equals("*") || p.name().equals(topic);
            case PREFIXED -> topic.startsWith(p.name());
            default -> false;
        };
    }

    static String describe(AclBinding b) {
        return b.entry().permissionType() + " " + text(b.entry().principal()) + " " + b.entry().operation() + " on "
                + b.pattern().resourceType() + " " + b.pattern().patternType() + " '" + text(b.pattern().name()) + "' from host "
                + text(b.entry().host());
    }

    private static String names(List<String> topics) {
        return topics.stream().limit(5).map(CertificateCheck::text).toList() + (topics.size() > 5 ? " and " + (topics.size() - 5) + " more" : "");
    }
}
