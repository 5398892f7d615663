package io.warden.comply;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateCheckTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    static CertificateInfo cert(String cn, Duration left) {
        return new CertificateInfo("CN=" + cn, "CN=ca", List.of("DNS:localhost"), NOW.minus(Duration.ofDays(300)), NOW.plus(left));
    }

    static TlsEndpoint endpoint(String host, int port, CertificateInfo... chain) {
        return new TlsEndpoint(host, port, "broker 1 listener SSL", List.of(chain), null);
    }

    static SecurityReading reading(List<Listener> listeners, TlsEndpoint... endpoints) {
        return new SecurityReading(NOW, listeners, true, null, Map.of(), List.of(endpoints));
    }

    private final CertificateCheck check = new CertificateCheck(CertificatePolicy.DEFAULT);

    @Test
    void severityFollowsTheWindowsOfTheCertificateThatExpiresFirst() {
        var findings = check.evaluate(reading(List.of(),
                endpoint("a", 1, cert("fine", Duration.ofDays(90))),
                endpoint("b", 2, cert("leaf", Duration.ofDays(400)), cert("intermediate", Duration.ofDays(29).plusHours(23))),
                endpoint("c", 3, cert("soon", Duration.ofDays(5).plusHours(1))),
                endpoint("d", 4, cert("gone", Duration.ofDays(-2))),
                endpoint("e", 5, cert("edge", Duration.ofDays(30)))), NOW);

        assertThat(findings).extracting(Finding::key, Finding::severity, Finding::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("certificate-expiry/b:2", Severity.WARNING, 29.0),
                org.assertj.core.groups.Tuple.tuple("certificate-expiry/c:3", Severity.CRITICAL, 5.0),
                org.assertj.core.groups.Tuple.tuple("certificate-expiry/d:4", Severity.CRITICAL, -2.0));
        assertThat(findings.get(0).evidence()).containsEntry("subject", "CN=intermediate").containsEntry("daysLeft", 29L);
        assertThat(findings.get(1).message()).contains("expires in 5 day(s)");
        assertThat(findings.get(2).message()).contains("expired 2 day(s) ago");
    }

    @Test
    void configuredWindowsApply() {
        var strict = new CertificateCheck(new CertificatePolicy(Duration.ofDays(100), Duration.ofDays(60), Duration.ofMinutes(1)));
        assertThat(strict.evaluate(reading(List.of(), endpoint("a", 1, cert("x", Duration.ofDays(90)))), NOW))
                .extracting(Finding::severity).containsExactly(Severity.WARNING);
        assertThat(strict.evaluate(reading(List.of(), endpoint("a", 1, cert("x", Duration.ofDays(59)))), NOW))
                .extracting(Finding::severity).containsExactly(Severity.CRITICAL);
    }

    @Test
    void anUnreadableEndpointIsUnknownNotFine() {
        var findings = check.evaluate(reading(List.of(), new TlsEndpoint("::1", 9093, "connect", List.of(), "ConnectException: refused")), NOW);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("certificate-unreadable/[::1]:9093");
            assertThat(f.severity()).isEqualTo(Severity.UNKNOWN);
        });
    }

    @Test
    void textFromTheCertificateIsEscapedAndCut() {
        var hostile = new CertificateInfo("CN=evil\u001b[2J\nnext line" + "x".repeat(500), "CN=ca\u202e", List.of("DNS:a\nb"),
                NOW, NOW.plus(Duration.ofDays(1)));
        Finding f = check.evaluate(reading(List.of(), endpoint("h", 1, hostile)), NOW).get(0);
        assertThat(f.message()).doesNotContain("\u001b").doesNotContain("\n").contains("\\u001b").hasSizeLessThan(400);
        assertThat((String) f.evidence().get("issuer")).doesNotContain("\u202e");
        assertThat(f.evidence().get("subjectAltNames")).isEqualTo(List.of("DNS:a\\nb"));
    }
}
