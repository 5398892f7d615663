package io.warden.comply;

import io.warden.snapshot.SnapshotHistory;
import io.warden.watch.Check;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The listener review, from the latest snapshot's security reading. Pure.
 * <ul>
 *   <li>{@code listener-cleartext/broker=N/listener=NAME} WARNING: a PLAINTEXT or SASL_PLAINTEXT
 *       listener reachable from other hosts (bound to a non-loopback address) carries data unencrypted.</li>
 *   <li>{@code listener-sasl-plain-cleartext/broker=N/listener=NAME} SASL/PLAIN without TLS sends
 *       passwords as they are: CRITICAL, WARNING when bound to loopback only.</li>
 *   <li>{@code certificate-hostname/HOST:PORT} CRITICAL: the endpoint's certificate does not name
 *       the host its clients are told to use, so a client that verifies it (Kafka's default) refuses it.</li>
 * </ul>
 */
public final class ListenerCheck implements Check {

    public static final String NAME = "listener-review";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Finding> evaluate(SnapshotHistory history) {
        if (history.isEmpty() || history.latest().security() == null) {
            return List.of();
        }
        return evaluate(history.latest().security());
    }

    public List<Finding> evaluate(SecurityReading reading) {
        List<Finding> findings = new ArrayList<>();
        for (Listener l : reading.listeners()) {
            String at = "broker=" + (l.brokerId() < 0 ? "bootstrap" : l.brokerId()) + "/listener=" + l.name();
            boolean plainSasl = l.protocol().equals("SASL_PLAINTEXT") && l.saslMechanisms().contains("PLAIN");
            if (plainSasl) {
                findings.add(finding("listener-sasl-plain-cleartext/" + at, "listener-sasl-plain-cleartext",
                        l.loopbackOnly() ? Severity.WARNING : Severity.CRITICAL, l,
                        text(l.label()) + " at " + text(l.address()) + " accepts SASL/PLAIN without TLS: passwords cross the "
                                + "network as they are" + (l.loopbackOnly() ? " (bound to loopback only)" : "")));
            } else if (!l.tls() && !l.loopbackOnly()) {
                findings.add(finding("listener-cleartext/" + at, "listener-cleartext", Severity.WARNING, l,
                        text(l.label()) + " at " + text(l.address()) + " is " + l.protocol()
                                + " and reachable from other hosts: its data travels unencrypted"));
            }
        }
        for (TlsEndpoint e : reading.endpoints()) {
            if (e.read() && !HostNames.matches(e.host(), e.leaf().orElseThrow())) {
                var evidence = CertificateCheck.evidence(e);
                evidence.put("subject", text(e.leaf().orElseThrow().subject()));
                evidence.put("subjectAltNames", e.leaf().orElseThrow().subjectAltNames().stream().map(ListenerCheck::text).toList());
                findings.add(new Finding("certificate-hostname/" + e.address(), "certificate-hostname", Severity.CRITICAL, 1,
                        "the certificate of " + text(e.source()) + " at " + text(e.address()) + " does not name host "
                                + text(e.host()) + " (subject alternative names " + evidence.get("subjectAltNames")
                                + "): clients that verify the host refuse it",
                        Map.of("endpoint", e.address(), "source", e.source()), evidence));
            }
        }
        return findings;
    }

    private static Finding finding(String key, String check, Severity severity, Listener l, String message) {
        Map<String, Object> evidence = new java.util.LinkedHashMap<>();
        evidence.put("listener", text(l.label()));
        evidence.put("address", text(l.address()));
        evidence.put("protocol", l.protocol());
        evidence.put("saslMechanisms", l.saslMechanisms().stream().map(ListenerCheck::text).toList());
        evidence.put("loopbackOnly", l.loopbackOnly());
        return new Finding(key, check, severity, 1, message,
                Map.of("broker", l.brokerId() < 0 ? "bootstrap" : Integer.toString(l.brokerId()), "listener", l.name()), evidence);
    }

    private static String text(String s) {
        return CertificateCheck.text(s);
    }
}
