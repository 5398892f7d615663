package io.warden.comply;

import static io.warden.comply.CertificateCheckTest.NOW;
import static io.warden.comply.ComplianceRulesTest.HIPAA;
import static io.warden.comply.ComplianceRulesTest.acl;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.comply.ComplianceCheck.Status;
import io.warden.snapshot.GroupInfo;
import io.warden.snapshot.GroupType;
import io.warden.snapshot.MemberInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The PHI access inventory and its check, from hand-built facts. */
class PhiAccessTest {

    static final Map<String, String> BROKER = Map.of("authorizer.class.name", "StandardAuthorizer",
            "super.users", "User:admin;User:ANONYMOUS");

    static SecurityReading reading() {
        var s = ComplianceRulesTest.secureReading();
        return new SecurityReading(NOW, s.listeners(), true, null, Map.of(1, BROKER), s.endpoints());
    }

    static final List<TopicFacts> TOPICS = List.of(new TopicFacts("patient.events", 3, Duration.ofDays(30).toMillis(), 2, false),
            new TopicFacts("patient.notes", 3, Duration.ofDays(30).toMillis(), 2, false),
            new TopicFacts("orders", 1, -1L, 1, true));

    static GroupInfo committed(String id, GroupType type, String topic) {
        return new GroupInfo(id, "EMPTY", type, 1, -1, List.of(), Map.of(new TopicPartition(topic, 0), 5L));
    }

    static GroupInfo assigned(String id, GroupType type, String topic) {
        return new GroupInfo(id, "STABLE", type, 1, 3, List.of(new MemberInfo("m-1", "c", "/10.0.0.1",
                List.of(new TopicPartition(topic, 1)))), Map.of());
    }

    static ComplianceFacts facts(List<AclBinding> acls, String aclError, List<GroupInfo> groups, String groupError) {
        return new ComplianceFacts("c", reading(), acls, aclError, TOPICS, null, Set.of("admin", "reader", "etl", "app"), null,
                new ComplianceFacts.AuditTrailFacts("audit.jsonl", null, true, 10), groups, groupError);
    }

    static ComplianceCheck check(ComplianceFacts facts) {
        return ComplianceRules.evaluate(facts, HIPAA, NOW).stream().filter(c -> c.name().equals("phi-access")).findFirst().orElseThrow();
    }

    static AclBinding deny(String principal, AclOperation op, String topic) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", op, AclPermissionType.DENY));
    }

    @Test
    void listsPerPhiTopicWhoEachOperationIsAllowedByLiteralPrefixedAndWildcardPatternsAndTheGroupsOfEveryTypeReadingIt() {
        var acls = List.of(acl("User:app", AclOperation.WRITE, "patient.events", PatternType.LITERAL),
                acl("User:reader", AclOperation.READ, "patient.", PatternType.PREFIXED),
                acl("User:monitor", AclOperation.DESCRIBE, "*", PatternType.LITERAL),
                acl("User:billing", AclOperation.READ, "orders", PatternType.LITERAL),
                acl("User:other", AclOperation.READ, "patients-archive", PatternType.PREFIXED),
                deny("User:intern", AclOperation.READ, "patient.notes"),
                new AclBinding(new ResourcePattern(ResourceType.GROUP, "*", PatternType.LITERAL),
                        new AccessControlEntry("User:reader", "*", AclOperation.READ, AclPermissionType.ALLOW)));
        var groups = List.of(committed("ward-classic", GroupType.CLASSIC, "patient.events"),
                assigned("ward-consumer", GroupType.CONSUMER, "patient.events"),
                committed("ward-share", GroupType.SHARE, "patient.notes"),
                assigned("ward-streams", GroupType.STREAMS, "patient.notes"),
                committed("billing", GroupType.CONSUMER, "orders"));

        PhiAccess inventory = PhiAccess.of(facts(acls, null, groups, null), HIPAA);

        assertThat(inventory.aclsUnknown()).isNull();
        assertThat(inventory.groupsUnknown()).isNull();
        assertThat(inventory.topics()).extracting(PhiAccess.Topic::name).containsExactly("patient.events", "patient.notes");
        PhiAccess.Topic events = inventory.topics().get(0);
        assertThat(events.allowed()).containsOnlyKeys("DESCRIBE", "READ", "WRITE");
        assertThat(events.allowed().get("WRITE")).containsExactly("User:app (LITERAL 'patient.events', host *)");
        assertThat(events.allowed().get("READ")).containsExactly("User:reader (PREFIXED 'patient.', host *)");
        assertThat(events.allowed().get("DESCRIBE")).containsExactly("User:monitor (LITERAL '*', host *)");
        assertThat(events.denied()).isEmpty();
        assertThat(events.readBy()).containsExactly(new PhiAccess.Reader("ward-classic", "CLASSIC", "EMPTY"),
                new PhiAccess.Reader("ward-consumer", "CONSUMER", "STABLE"));
        PhiAccess.Topic notes = inventory.topics().get(1);
        assertThat(notes.allowed()).containsOnlyKeys("DESCRIBE", "READ");
        assertThat(notes.denied()).containsExactly("READ User:intern (LITERAL 'patient.notes', host *)");
        assertThat(notes.readBy()).extracting(PhiAccess.Reader::group).containsExactly("ward-share", "ward-streams");
        // every group reads under the reader's own grant
        assertThat(check(facts(acls, null, groups, null)).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aGroupReadingAPhiTopicThatOnlySuperUsersMayReadWarnsNamingTheTopicAndGroup() {
        var acls = List.of(acl("User:admin", AclOperation.READ, "patient.notes", PatternType.LITERAL),
                acl("User:reader", AclOperation.READ, "patient.events", PatternType.LITERAL));
        var groups = List.of(committed("ward-classic", GroupType.CLASSIC, "patient.events"),
                committed("night-export", GroupType.CONSUMER, "patient.notes"));

        ComplianceCheck check = check(facts(acls, null, groups, null));

        assertThat(check.status()).isEqualTo(Status.WARN);
        assertThat(check.evidence()).hasSize(2);
        assertThat(check.evidence().get(0)).startsWith("patient.notes is read by group(s) [night-export (consumer)], but no ACL "
                + "grants READ on it to anyone but the super users [User:ANONYMOUS, User:admin]");
        assertThat(check.evidence().get(1)).startsWith("patient.events: read by group(s) [ward-classic (classic)]; READ granted to");
        // the same groups with no group on the super users' topic pass
        assertThat(check(facts(acls, null, groups.subList(0, 1), null)).status()).isEqualTo(Status.PASS);
    }

    @Test
    void aPrincipalThatMayReadEveryTopicWarnsButNotASuperUser() {
        var wildcard = List.of(acl("User:etl", AclOperation.ALL, "*", PatternType.LITERAL));
        ComplianceCheck check = check(facts(wildcard, null, List.of(), null));
        assertThat(check.status()).isEqualTo(Status.WARN);
        assertThat(check.evidence()).hasSize(3).first().asString().startsWith("User:etl may READ every topic, PHI topic(s) "
                + "[patient.events, patient.notes] included");
        assertThat(check(facts(List.of(acl("User:admin", AclOperation.READ, "*", PatternType.LITERAL)), null, List.of(), null))
                .status()).isEqualTo(Status.PASS);
    }

    @Test
    void groupsReadWithoutAnAuthorizerWarn() {
        var groups = List.of(committed("ward-classic", GroupType.CLASSIC, "patient.events"));
        ComplianceCheck check = check(facts(null, AccessChecks.NO_AUTHORIZER + " (SecurityDisabledException)", groups, null));
        assertThat(check.status()).isEqualTo(Status.WARN);
        assertThat(check.evidence().get(0)).contains("with no authorizer on the brokers");
    }

    @Test
    void aclsOrGroupsThatCannotBeReadAreUnknownWithTheReason() {
        var groups = List.of(committed("ward-classic", GroupType.CLASSIC, "patient.events"));
        var noAcls = facts(null, "ClusterAuthorizationException: denied", groups, null);
        assertThat(check(noAcls).status()).isEqualTo(Status.UNKNOWN);
        assertThat(check(noAcls).evidence().get(0)).contains("patient.events").contains("the ACLs could not be read");
        assertThat(PhiAccess.of(noAcls, HIPAA).aclsUnknown()).isEqualTo("ClusterAuthorizationException: denied");

        var noGroups = facts(List.of(), null, null, "[listing: GroupAuthorizationException: denied]");
        assertThat(check(noGroups).status()).isEqualTo(Status.UNKNOWN);
        assertThat(check(noGroups).summary()).contains("GroupAuthorizationException: denied");
        assertThat(PhiAccess.of(noGroups, HIPAA).groupsUnknown()).contains("GroupAuthorizationException");

        // a partial listing is unknown too, unless what was seen already warns
        var hidden = facts(List.of(), null, List.of(), "the listing leaves out the groups it may not DESCRIBE");
        assertThat(check(hidden).status()).isEqualTo(Status.UNKNOWN);
        assertThat(check(facts(List.of(), null, groups, "the listing leaves out some")).status()).isEqualTo(Status.WARN);
    }

    @Test
    void theReportCarriesTheInventoryInMarkdownAndJson() throws Exception {
        var acls = List.of(acl("User:reader", AclOperation.READ, "patient.", PatternType.PREFIXED),
                acl("User:app|x", AclOperation.WRITE, "patient.events", PatternType.LITERAL));
        var facts = facts(acls, null, List.of(committed("ward<1>", GroupType.SHARE, "patient.events")), null);
        var checks = ComplianceRules.evaluate(facts, HIPAA, NOW);
        var report = new ComplianceReport("c", "k:9093", Instant.parse("2026-12-07T19:30:00Z"), "hipaa", "patient\\..*", "90d 0h",
                ComplianceRules.worst(checks), checks, PhiAccess.of(facts, HIPAA));

        String md = ComplianceReportFiles.markdown(report);
        assertThat(md).contains("## PHI access inventory", "| PHI topic | Allowed (ACLs) | Denied (ACLs) | Read by groups |",
                "| patient.events | READ: User:reader (PREFIXED 'patient.', host *); WRITE: User:app\\|x (LITERAL 'patient.events', "
                        + "host *) | none | ward&lt;1&gt; (SHARE, EMPTY) |",
                "| patient.notes | READ: User:reader (PREFIXED 'patient.', host *) | none | none |");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ComplianceReportFiles.json(report));
        var topic = json.get("phiAccess").get("topics").get(0);
        assertThat(topic.get("name").asText()).isEqualTo("patient.events");
        assertThat(topic.get("allowed").get("READ").get(0).asText()).isEqualTo("User:reader (PREFIXED 'patient.', host *)");
        assertThat(topic.get("readBy").get(0).get("group").asText()).isEqualTo("ward<1>");
        assertThat(topic.get("readBy").get(0).get("type").asText()).isEqualTo("SHARE");

        var unknown = facts(null, "denied", null, "no answer");
        String unknownMd = ComplianceReportFiles.markdown(new ComplianceReport("c", "k", NOW, "hipaa", "p", "90d", Status.UNKNOWN,
                List.of(), PhiAccess.of(unknown, HIPAA)));
        assertThat(unknownMd).contains("- ACLs: UNKNOWN: denied", "- Groups: UNKNOWN (those listed were read): no answer",
                "| patient.events | UNKNOWN | UNKNOWN | UNKNOWN |");
    }
}
