package io.warden.comply;

import static io.warden.comply.CertificateCheck.text;

import io.warden.comply.ComplianceCheck.Status;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;

/** The audit's transport checks: encryption in transit, authentication required, certificates. Pure. */
final class TransportChecks {

    static final String ENCRYPTION = "encryption-in-transit";
    static final String AUTHENTICATION = "authentication-required";
    static final String CERTIFICATES = "certificates";

    private TransportChecks() {
    }

    static ComplianceCheck encryption(ComplianceFacts facts) {
        SecurityReading s = facts.security();
        if (s.listeners().isEmpty()) {
            return ComplianceCheck.unknown(ENCRYPTION, "no listener could be found: " + text(s.configError()), List.of());
        }
        List<String> evidence = new ArrayList<>(s.listeners().stream().map(TransportChecks::describe).toList());
        new ListenerCheck().evaluate(s).stream().filter(f -> f.check().startsWith("listener-")).map(Finding::message)
                .forEach(evidence::add);
        long clear = s.listeners().stream().filter(l -> !l.tls() && !l.loopbackOnly()).count();
        if (clear > 0) {
            return new ComplianceCheck(ENCRYPTION, Status.FAIL, clear + " of " + s.listeners().size()
                    + " client listener(s) carry data unencrypted (PLAINTEXT or SASL_PLAINTEXT) to other hosts", evidence);
        }
        long local = s.listeners().stream().filter(l -> !l.tls()).count();
        if (!s.fromBrokerConfigs()) {
            return ComplianceCheck.unknown(ENCRYPTION, "the bootstrap listener uses TLS, but the brokers' configs could not be "
                    + "read to see their other listeners: " + text(s.configError()), evidence);
        }
        if (s.configError() != null) {
            return ComplianceCheck.unknown(ENCRYPTION, "the listeners seen use TLS, but not every broker's configs could be read: "
                    + text(s.configError()), evidence);
        }
        return ComplianceCheck.pass(ENCRYPTION, local == 0
                ? "all " + s.listeners().size() + " client listener(s) of " + s.brokerConfigs().size() + " broker(s) use TLS"
                : (s.listeners().size() - local) + " of " + s.listeners().size() + " client listener(s) of " + s.brokerConfigs().size()
                        + " broker(s) use TLS; the other " + local + " are bound to loopback only, so their data never leaves the host",
                evidence);
    }

    static ComplianceCheck authentication(ComplianceFacts facts) {
        SecurityReading s = facts.security();
        if (s.listeners().isEmpty()) {
            return ComplianceCheck.unknown(AUTHENTICATION, "no listener could be found: " + text(s.configError()), List.of());
        }
        List<String> evidence = new ArrayList<>();
        List<Listener> anonymous = s.listeners().stream().filter(l -> !l.authenticates() && l.sslClientAuth() != null
                || l.protocol().equals("PLAINTEXT")).toList();
        anonymous.forEach(l -> evidence.add(text(l.label()) + " at " + text(l.address()) + " lets clients in without credentials ("
                + l.protocol() + (l.protocol().equals("SSL") ? ", ssl.client.auth=" + l.sslClientAuth() : "") + "): they are User:ANONYMOUS"));
        List<AclBinding> grants = facts.acls() == null ? List.of() : facts.acls().stream()
                .filter(b -> b.entry().permissionType() == AclPermissionType.ALLOW && b.entry().principal().equals("User:ANONYMOUS"))
                .toList();
        grants.forEach(b -> evidence.add("ACL grants User:ANONYMOUS " + AccessChecks.describe(b)));
        if (!anonymous.isEmpty() || !grants.isEmpty()) {
            return new ComplianceCheck(AUTHENTICATION, Status.FAIL, (anonymous.isEmpty() ? "" : anonymous.size()
                    + " listener(s) accept anonymous clients") + (!anonymous.isEmpty() && !grants.isEmpty() ? "; " : "")
                    + (grants.isEmpty() ? "" : grants.size() + " ACL(s) grant User:ANONYMOUS"), evidence);
        }
        s.listeners().forEach(l -> evidence.add(describe(l)));
        List<Listener> unknown = s.listeners().stream().filter(l -> l.protocol().equals("SSL") && l.sslClientAuth() == null).toList();
        if (!unknown.isEmpty()) {
            return ComplianceCheck.unknown(AUTHENTICATION, "the brokers' configs could not be read to see whether TLS client "
                    + "certificates are required: " + text(s.configError()), evidence);
        }
        if (facts.acls() == null && !AccessChecks.noAuthorizer(facts)) {
            return ComplianceCheck.unknown(AUTHENTICATION, "every listener requires credentials, but the ACLs could not be read "
                    + "to rule out grants to User:ANONYMOUS: " + text(facts.aclError()), evidence);
        }
        return ComplianceCheck.pass(AUTHENTICATION, "every listener requires credentials (SASL or a TLS client certificate)"
                + (facts.acls() == null ? "" : " and no ACL grants User:ANONYMOUS"), evidence);
    }

    static ComplianceCheck certificates(ComplianceFacts facts, CertificatePolicy policy, Instant now) {
        SecurityReading s = facts.security();
        if (s.endpoints().isEmpty()) {
            return new ComplianceCheck(CERTIFICATES, Status.WARN, "no TLS endpoint was found, so no certificate could be judged "
                    + "(see " + ENCRYPTION + ")", List.of());
        }
        CertificateCheck check = new CertificateCheck(policy);
        List<String> evidence = new ArrayList<>();
        Status status = Status.PASS;
        for (TlsEndpoint e : s.endpoints()) {
            if (!e.read()) {
                status = status.worst(Status.UNKNOWN);
                evidence.add(text(e.source()) + " at " + text(e.address()) + ": cannot read its certificate: " + text(e.error()));
                continue;
            }
            CertificateInfo first = e.firstToExpire().orElseThrow();
            Severity severity = check.severity(first, now);
            status = status.worst(severity == Severity.CRITICAL ? Status.FAIL : severity == Severity.WARNING ? Status.WARN : Status.PASS);
            evidence.add(text(e.source()) + " at " + text(e.address()) + ": " + text(first.subject()) + ", issued by "
                    + text(first.issuer()) + ", SANs " + first.subjectAltNames().stream().map(CertificateCheck::text).toList()
                    + ", not after " + first.notAfter() + " (" + first.daysLeft(now) + " days left)");
        }
        for (Finding f : new ListenerCheck().evaluate(s)) {
            if (f.check().equals("certificate-hostname")) {
                status = status.worst(Status.FAIL);
                evidence.add(f.message());
            }
        }
        String summary = switch (status) {
            case PASS -> "every certificate of " + s.endpoints().size() + " TLS endpoint(s) is valid for more than "
                    + policy.warning().toDays() + " days and names its host";
            case WARN -> "a certificate expires within " + policy.warning().toDays() + " days";
            case FAIL -> "a certificate expires within " + policy.critical().toDays() + " days, has expired, or does not name its host";
            case UNKNOWN -> "the certificate of an endpoint could not be read";
        };
        return new ComplianceCheck(CERTIFICATES, status, summary, evidence);
    }

    private static String describe(Listener l) {
        return text(l.label()) + " at " + text(l.address()) + ": " + l.protocol()
                + (l.saslMechanisms().isEmpty() ? "" : " " + l.saslMechanisms().stream().map(CertificateCheck::text).toList())
                + (l.tls() ? ", ssl.client.auth=" + Objects.requireNonNullElse(l.sslClientAuth(), "unknown") : "")
                + (l.loopbackOnly() ? ", loopback only" : "");
    }
}
