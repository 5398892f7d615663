package io.warden.comply;

import io.warden.kafka.RecordText;
import io.warden.snapshot.Snapshot;
import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.Check;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Certificates close to expiry, from the latest snapshot's security reading. Pure: the time is the
 * snapshot's. For each TLS endpoint the certificate of its chain that expires first is judged:
 * <ul>
 *   <li>{@code certificate-expiry/HOST:PORT} WARNING with less than the warning window left,
 *       CRITICAL with less than the critical window left or when expired; its value is the whole
 *       days left.</li>
 *   <li>{@code certificate-unreadable/HOST:PORT} UNKNOWN when no chain could be read: its expiry
 *       is unknown, not fine.</li>
 * </ul>
 */
public final class CertificateCheck implements Check {

    public static final String NAME = "certificate-expiry";
    static final int TEXT_CHARS = 200;

    private final CertificatePolicy policy;

    public CertificateCheck(CertificatePolicy policy) {
        this.policy = policy;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        if (history.isEmpty() || history.latest().security() == null) {
            return List.of();
        }
        Snapshot latest = history.latest();
        return evaluate(latest.security(), latest.takenAt());
    }

    public List<Finding> evaluate(SecurityReading reading, Instant now) {
        List<Finding> findings = new ArrayList<>();
        for (TlsEndpoint endpoint : reading.endpoints()) {
            if (!endpoint.read()) {
                findings.add(unreadable(endpoint));
                continue;
            }
            CertificateInfo first = endpoint.firstToExpire().orElseThrow();
            Severity severity = severity(first, now);
            if (severity != Severity.OK) {
                findings.add(expiring(endpoint, first, severity, now));
            }
        }
        return findings;
    }

    /** OK, WARNING inside the warning window, CRITICAL inside the critical window or expired. */
    public Severity severity(CertificateInfo certificate, Instant now) {
        var left = certificate.remaining(now);
        return left.compareTo(policy.critical()) < 0 ? Severity.CRITICAL
                : left.compareTo(policy.warning()) < 0 ? Severity.WARNING : Severity.OK;
    }

    private static Finding expiring(TlsEndpoint endpoint, CertificateInfo c, Severity severity, Instant now) {
        long days = c.daysLeft(now);
        boolean expired = !c.notAfter().isAfter(now);
        Map<String, Object> evidence = evidence(endpoint);
        evidence.putAll(certificateEvidence(c, now));
        String when = expired ? "expired " + (-days) + " day(s) ago" : "expires in " + days + " day(s)";
        return new Finding(NAME + "/" + endpoint.address(), NAME, severity, days,
                "certificate of " + text(endpoint.source()) + " at " + text(endpoint.address()) + " " + when + " (not after "
                        + c.notAfter() + "), subject " + text(c.subject()),
                Map.of("endpoint", endpoint.address(), "source", endpoint.source()), evidence);
    }

    private static Finding unreadable(TlsEndpoint endpoint) {
        Map<String, Object> evidence = evidence(endpoint);
        evidence.put("error", text(endpoint.error()));
        return new Finding("certificate-unreadable/" + endpoint.address(), "certificate-unreadable", Severity.UNKNOWN, 1,
                "cannot read the certificate of " + text(endpoint.source()) + " at " + text(endpoint.address())
                        + ", its expiry is unknown: " + text(endpoint.error()),
                Map.of("endpoint", endpoint.address(), "source", endpoint.source()), evidence);
    }

    static Map<String, Object> evidence(TlsEndpoint endpoint) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("endpoint", text(endpoint.address()));
        evidence.put("source", text(endpoint.source()));
        return evidence;
    }

    /** What an operator needs to find and replace the certificate, every peer-given text escaped. */
    public static Map<String, Object> certificateEvidence(CertificateInfo c, Instant now) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("subject", text(c.subject()));
        evidence.put("issuer", text(c.issuer()));
        evidence.put("subjectAltNames", c.subjectAltNames().stream().map(CertificateCheck::text).toList());
        evidence.put("notAfter", c.notAfter().toString());
        evidence.put("daysLeft", c.daysLeft(now));
        evidence.put("secondsLeft", c.remaining(now).toSeconds());
        return evidence;
    }

    /** Peer-given text, escaped and cut so a hostile certificate cannot flood a message. */
    static String text(String s) {
        if (s == null) {
            return null;
        }
        String escaped = RecordText.escape(s);
        return escaped.length() <= TEXT_CHARS ? escaped : escaped.substring(0, TEXT_CHARS) + "...";
    }
}
