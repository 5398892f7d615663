package io.warden.comply;

import static io.warden.comply.CertificateCheckTest.NOW;
import static io.warden.comply.CertificateCheckTest.cert;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.comply.ComplianceCheck.Status;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** The audit's judgement from hand-built facts: a secure cluster passes, each weakness fails its own check. */
class ComplianceRulesTest {

    static final ComplianceOptions HIPAA = new ComplianceOptions(ComplianceProfile.hipaa, ComplianceProfile.hipaa.phiTopics(),
            Duration.ofDays(90), CertificatePolicy.DEFAULT, null, List.of());

    static final Map<String, String> SECURE_BROKER = Map.of("authorizer.class.name",
            "org.apache.kafka.metadata.authorizer.StandardAuthorizer", "allow.everyone.if.no.acl.found", "false");

    static Listener saslSsl(int broker) {
        return new Listener(broker, "SASL_SSL", "SASL_SSL", "localhost", 9093 + broker, false, List.of("SCRAM-SHA-512"), "required");
    }

    static SecurityReading secureReading() {
        return new SecurityReading(NOW, List.of(saslSsl(1), saslSsl(2)), true, null, Map.of(1, SECURE_BROKER, 2, SECURE_BROKER),
                List.of(new TlsEndpoint("localhost", 9094, "broker 1 listener SASL_SSL", List.of(cert("b1", Duration.ofDays(200))), null),
                        new TlsEndpoint("localhost", 9095, "broker 2 listener SASL_SSL", List.of(cert("b2", Duration.ofDays(200))), null)));
    }

    static AclBinding acl(String principal, AclOperation op, String topic, PatternType type) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, type),
                new AccessControlEntry(principal, "*", op, AclPermissionType.ALLOW));
    }

    static ComplianceFacts secure() {
        return new ComplianceFacts("cluster-1", secureReading(),
                List.of(acl("User:app", AclOperation.WRITE, "patient.events", PatternType.LITERAL),
                        acl("User:reader", AclOperation.READ, "patient.", PatternType.PREFIXED)),
                null, List.of(new TopicFacts("patient.events", 3, Duration.ofDays(30).toMillis(), 2, false),
                        new TopicFacts("orders", 1, -1L, 1, true)),
                null, Set.of("app", "reader", "admin"), null, new ComplianceFacts.AuditTrailFacts("audit.jsonl", null, true, 10),
                List.of(), null);
    }

    static Map<String, Status> statuses(ComplianceFacts facts, ComplianceOptions options) {
        return ComplianceRules.evaluate(facts, options, NOW).stream()
                .collect(Collectors.toMap(ComplianceCheck::name, ComplianceCheck::status, (a, b) -> a, LinkedHashMap::new));
    }

    static final Map<String, Status> ALL_PASS = new LinkedHashMap<>();

    static {
        List.of("encryption-in-transit", "authentication-required", "authorizer-deny-by-default", "acl-review", "phi-retention",
                "phi-replication", "phi-unclean-leader-election", "phi-access", "certificates", "audit-trail").forEach(n -> ALL_PASS.put(n, Status.PASS));
    }

    static Map<String, Status> allPassBut(Map<String, Status> changes) {
        Map<String, Status> out = new LinkedHashMap<>(ALL_PASS);
        out.putAll(changes);
        return out;
    }

    @Test
    void aSecureClusterPassesEveryCheckAndNonPhiTopicsAreNotJudged() {
        var checks = ComplianceRules.evaluate(secure(), HIPAA, NOW);
        assertThat(statuses(secure(), HIPAA)).containsExactlyEntriesOf(ALL_PASS);
        assertThat(ComplianceRules.worst(checks)).isEqualTo(Status.PASS);
        assertThat(checks.get(0).evidence()).anyMatch(e -> e.contains("broker 2 listener SASL_SSL"));
    }

    @Test
    void aPhiTopicWithRfOneLongRetentionAndUncleanElectionFailsExactlyThoseChecks() {
        var f = secure();
        var weak = new ComplianceFacts(f.clusterId(), f.security(), f.acls(), null,
                List.of(new TopicFacts("patient.events", 1, -1L, 1, true)), null, f.scramUsers(), null, f.auditTrail(), f.groups(),
                f.groupError());
        assertThat(statuses(weak, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("phi-retention", Status.FAIL,
                "phi-replication", Status.FAIL, "phi-unclean-leader-election", Status.FAIL)));
        var shorter = new ComplianceOptions(ComplianceProfile.hipaa, HIPAA.phiTopics(), Duration.ofDays(7), CertificatePolicy.DEFAULT,
                null, List.of());
        assertThat(statuses(secure(), shorter).get("phi-retention")).isEqualTo(Status.FAIL);
    }

    @Test
    void everyoneOnAPhiTopicFailsTheAclReviewAndAnonymousAlsoFailsAuthentication() {
        var f = secure();
        var anonymous = new ComplianceFacts(f.clusterId(), f.security(),
                List.of(acl("User:ANONYMOUS", AclOperation.READ, "patient.events", PatternType.LITERAL)), null, f.topics(), null,
                f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
        assertThat(statuses(anonymous, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("acl-review", Status.FAIL,
                "authentication-required", Status.FAIL)));
        var wildcard = new ComplianceFacts(f.clusterId(), f.security(),
                List.of(acl("User:*", AclOperation.DESCRIBE, "patient.", PatternType.PREFIXED)), null, f.topics(), null,
                f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
        assertThat(statuses(wildcard, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("acl-review", Status.FAIL)));
        var writeAll = new ComplianceFacts(f.clusterId(), f.security(),
                List.of(acl("User:app", AclOperation.WRITE, "*", PatternType.LITERAL)), null, f.topics(), null,
                f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
        assertThat(statuses(writeAll, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("acl-review", Status.FAIL)));
    }

    @Test
    void staleAclsAreWarnings() {
        var f = secure();
        var stale = new ComplianceFacts(f.clusterId(), f.security(),
                List.of(acl("User:app", AclOperation.READ, "deleted-topic", PatternType.LITERAL),
                        acl("User:gone", AclOperation.READ, "orders", PatternType.LITERAL),
                        acl("User:CN=client,O=x", AclOperation.READ, "orders", PatternType.LITERAL)), null, f.topics(), null,
                f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
        var check = ComplianceRules.evaluate(stale, HIPAA, NOW).stream().filter(c -> c.name().equals("acl-review")).findFirst().orElseThrow();
        assertThat(check.status()).isEqualTo(Status.WARN);
        assertThat(check.evidence()).hasSize(2).anyMatch(e -> e.contains("deleted-topic")).anyMatch(e -> e.contains("User:gone"));
    }

    @Test
    void aPlaintextClusterWithoutAuthorizerFailsEncryptionAuthenticationAndAuthorization() {
        var plaintext = new SecurityReading(NOW, List.of(new Listener(1, "EXTERNAL", "PLAINTEXT", "kafka-1", 9092, false, List.of(), null)),
                true, null, Map.of(1, Map.of()), List.of());
        var facts = new ComplianceFacts("c", plaintext, null, AccessChecks.NO_AUTHORIZER + " (SecurityDisabledException)",
                List.of(), null, null, "not SCRAM", null, null, "not read");
        var checks = statuses(facts, new ComplianceOptions(ComplianceProfile.baseline, null, Duration.ofDays(90),
                CertificatePolicy.DEFAULT, null, List.of()));
        assertThat(checks).containsExactly(Map.entry("encryption-in-transit", Status.FAIL), Map.entry("authentication-required", Status.FAIL),
                Map.entry("authorizer-deny-by-default", Status.FAIL), Map.entry("acl-review", Status.UNKNOWN),
                Map.entry("certificates", Status.WARN), Map.entry("audit-trail", Status.UNKNOWN));
        assertThat(ComplianceRules.worst(ComplianceRules.evaluate(facts, HIPAA, NOW)).exitCode()).isEqualTo(2);
    }

    @Test
    void aCleartextListenerBoundToLoopbackOnlyKeepsDataOnTheHostButLetsLocalProcessesInAnonymously() {
        var f = secure();
        var s = f.security();
        List<Listener> listeners = new java.util.ArrayList<>(s.listeners());
        listeners.add(new Listener(1, "INTERNAL", "PLAINTEXT", "localhost", 9092, true, List.of(), null));
        var facts = new ComplianceFacts(f.clusterId(), new SecurityReading(NOW, listeners, true, null, s.brokerConfigs(), s.endpoints()),
                f.acls(), null, f.topics(), null, f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
        var checks = ComplianceRules.evaluate(facts, HIPAA, NOW);
        assertThat(statuses(facts, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("authentication-required", Status.FAIL)));
        assertThat(checks.get(0).summary()).contains("the other 1 are bound to loopback only");
    }

    @Test
    void whatCannotBeReadIsUnknownNeverAPass() {
        var f = secure();
        var denied = new ComplianceFacts(f.clusterId(), new SecurityReading(NOW, List.of(saslSsl(-1)), false,
                "ClusterAuthorizationException: not authorized", Map.of(), f.security().endpoints()),
                null, "ClusterAuthorizationException: denied", null, "TopicAuthorizationException: denied", null, "denied", f.auditTrail(),
                null, "GroupAuthorizationException: denied");
        var checks = ComplianceRules.evaluate(denied, HIPAA, NOW);
        assertThat(statuses(denied, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("encryption-in-transit", Status.UNKNOWN,
                "authentication-required", Status.UNKNOWN, "authorizer-deny-by-default", Status.UNKNOWN, "acl-review", Status.UNKNOWN,
                "phi-retention", Status.UNKNOWN, "phi-replication", Status.UNKNOWN, "phi-unclean-leader-election", Status.UNKNOWN,
                "phi-access", Status.UNKNOWN)));
        assertThat(ComplianceRules.worst(checks).exitCode()).isEqualTo(3);
        assertThat(checks.get(3).summary()).contains("denied");
    }

    @Test
    void aBrokerWhoseConfigsCouldNotBeReadLeavesEncryptionAndAuthorizerUnknown() {
        var f = secure();
        var s = f.security();
        var partial = new ComplianceFacts(f.clusterId(), new SecurityReading(NOW, List.of(saslSsl(1)), true,
                "broker 2: TimeoutException: no answer", Map.of(1, SECURE_BROKER), s.endpoints()), f.acls(), null, f.topics(), null,
                f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
        assertThat(statuses(partial, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("encryption-in-transit", Status.UNKNOWN,
                "authorizer-deny-by-default", Status.UNKNOWN)));
    }

    @Test
    void aHiddenAllowEveryoneSettingIsUnknownAndTrueFails() {
        var f = secure();
        var hidden = Map.of("authorizer.class.name", "StandardAuthorizer", "allow.everyone.if.no.acl.found", SecurityReading.HIDDEN);
        var open = Map.of("authorizer.class.name", "StandardAuthorizer", "allow.everyone.if.no.acl.found", "true");
        for (var c : List.of(Map.entry(hidden, Status.UNKNOWN), Map.entry(open, Status.FAIL), Map.entry(Map.<String, String>of(
                "authorizer.class.name", "StandardAuthorizer"), Status.PASS))) {
            var s = f.security();
            var facts = new ComplianceFacts(f.clusterId(), new SecurityReading(NOW, s.listeners(), true, null, Map.of(1, c.getKey()),
                    s.endpoints()), f.acls(), null, f.topics(), null, f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
            assertThat(statuses(facts, HIPAA).get("authorizer-deny-by-default")).isEqualTo(c.getValue());
        }
    }

    @Test
    void certificatesWithinTheWindowsWarnAndFailAndAWrongHostFails() {
        var f = secure();
        for (var c : List.of(Map.entry(cert("soon", Duration.ofDays(20)), Status.WARN), Map.entry(cert("sooner", Duration.ofDays(5)), Status.FAIL),
                Map.entry(new CertificateInfo("CN=x", "CN=ca", List.of("DNS:elsewhere"), NOW, NOW.plus(Duration.ofDays(300))), Status.FAIL))) {
            var s = f.security();
            var facts = new ComplianceFacts(f.clusterId(), new SecurityReading(NOW, s.listeners(), true, null, s.brokerConfigs(),
                    List.of(new TlsEndpoint("localhost", 9094, "broker 1", List.of(c.getKey()), null))), f.acls(), null, f.topics(), null,
                    f.scramUsers(), null, f.auditTrail(), f.groups(), f.groupError());
            assertThat(statuses(facts, HIPAA)).containsExactlyEntriesOf(allPassBut(Map.of("certificates", c.getValue())));
        }
    }

    @Test
    void aPhiPatternMatchingNoTopicWarnsAndNoPatternSkipsThePhiChecks() {
        var none = new ComplianceOptions(ComplianceProfile.baseline, Pattern.compile("nothing-.*"), Duration.ofDays(90),
                CertificatePolicy.DEFAULT, null, List.of());
        assertThat(statuses(secure(), none).get("phi-retention")).isEqualTo(Status.WARN);
        var baseline = new ComplianceOptions(ComplianceProfile.baseline, null, Duration.ofDays(90), CertificatePolicy.DEFAULT, null, List.of());
        assertThat(statuses(secure(), baseline)).doesNotContainKeys("phi-retention", "phi-replication", "phi-unclean-leader-election");
    }
}
