package io.warden.comply;

import static io.warden.comply.CertificateCheckTest.cert;
import static io.warden.comply.CertificateCheckTest.endpoint;
import static io.warden.comply.CertificateCheckTest.reading;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerCheckTest {

    private final ListenerCheck check = new ListenerCheck();

    @Test
    void cleartextListenersReachableFromOtherHostsAndSaslPlainWithoutTls() {
        var findings = check.evaluate(reading(List.of(
                new Listener(1, "PLAINTEXT", "PLAINTEXT", "kafka-1", 9092, false, List.of(), null),
                new Listener(1, "LOCAL", "PLAINTEXT", "localhost", 9094, true, List.of(), null),
                new Listener(1, "INTERNAL", "SASL_PLAINTEXT", "kafka-1", 9095, false, List.of("PLAIN"), null),
                new Listener(1, "LOOP", "SASL_PLAINTEXT", "localhost", 9096, true, List.of("PLAIN"), null),
                new Listener(1, "SCRAM", "SASL_PLAINTEXT", "kafka-1", 9097, false, List.of("SCRAM-SHA-512"), null),
                new Listener(1, "SECURE", "SASL_SSL", "kafka-1", 9093, false, List.of("PLAIN"), "none"))));

        assertThat(findings).extracting(Finding::key, Finding::severity).containsExactly(
                tuple("listener-cleartext/broker=1/listener=PLAINTEXT", Severity.WARNING),
                tuple("listener-sasl-plain-cleartext/broker=1/listener=INTERNAL", Severity.CRITICAL),
                tuple("listener-sasl-plain-cleartext/broker=1/listener=LOOP", Severity.WARNING),
                tuple("listener-cleartext/broker=1/listener=SCRAM", Severity.WARNING));
    }

    @Test
    void aCertificateThatDoesNotNameTheAdvertisedHostIsCritical() {
        var findings = check.evaluate(reading(List.of(),
                endpoint("localhost", 1, cert("ok", Duration.ofDays(90))),
                endpoint("kafka-1.example.com", 2, cert("wrong", Duration.ofDays(90))),
                new TlsEndpoint("down", 3, "connect", List.of(), "refused")));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("certificate-hostname/kafka-1.example.com:2");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.message()).contains("DNS:localhost");
        });
    }
}
