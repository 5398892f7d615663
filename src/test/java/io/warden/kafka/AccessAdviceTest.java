package io.warden.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AccessAdviceTest {

    static final ConnectionSettings BOB = new ConnectionSettings("k1:9093,k2:9093", Map.of(
            "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"bob\" password=\"pw\";"),
            Duration.ofSeconds(5));

    @Test
    void namesTheOperationTheResourceAndTheAclLineForTheSaslUser() {
        assertThat(AccessAdvice.of(BOB).needs("lag in seconds", AclOperation.READ, ResourceType.TOPIC, "jobs"))
                .isEqualTo("lag in seconds needs READ on topic jobs: kafka-acls --bootstrap-server k1:9093,k2:9093 --add "
                        + "--allow-principal User:bob --operation Read --topic jobs");
        assertThat(AccessAdvice.of(BOB).aclCommand(AclOperation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, "kafka-cluster"))
                .endsWith("--operation IdempotentWrite --cluster");
        assertThat(AccessAdvice.of(BOB).aclCommand(AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "warden-restore"))
                .endsWith("--operation Write --transactional-id warden-restore");
    }

    @Test
    void aNameFromTheClusterCannotBreakOutOfTheShellWord() {
        String line = AccessAdvice.of(BOB).aclCommand(AclOperation.READ, ResourceType.GROUP, "x'; rm -rf / #\n");
        assertThat(line).endsWith("--group 'x'\\''; rm -rf / #\\n'").doesNotContain("\n");
    }

    @Test
    void aProbeRefusedByTheAuthorizerSaysWhatItNeedsOtherFailuresStayAsTheyAre() {
        var advice = AccessAdvice.of(BOB);
        assertThat(advice.describeProbeFailure("offsets", "jobs-3", new TopicAuthorizationException(Set.of("jobs"))))
                .startsWith("reading log offsets needs DESCRIBE on topic jobs: kafka-acls");
        assertThat(advice.describeProbeFailure("offsets", "jobs-3", new TimeoutException("slow")))
                .isEqualTo("TimeoutException: slow");
    }

    @Test
    void onlyAPrincipalAllowedLessThanEverythingOnTheClusterIsRestricted() {
        assertThat(AccessAdvice.restricted(null)).isFalse();
        assertThat(AccessAdvice.restricted(Set.of())).isTrue();
        assertThat(AccessAdvice.restricted(Set.of(AclOperation.DESCRIBE))).isTrue();
        assertThat(AccessAdvice.restricted(Set.of(AclOperation.values()))).isFalse();
    }

    @Test
    void tlsFailuresNameTheSettingToFix() {
        assertThat(tls("No subject alternative DNS name matching kafka-1 found."))
                .contains("does not name the host connected to");
        assertThat(tls("PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"))
                .contains("certificate has expired");
        assertThat(tls("Received fatal alert: bad_certificate")).contains("requires a client certificate");
        assertThat(AuthenticationAdvice.explain(new UnsupportedSaslMechanismException("enabled mechanisms are [PLAIN]"), BOB)
                .getMessage()).isEqualTo("authentication failed for mechanism SCRAM-SHA-512 at k1:9093,k2:9093: the listener "
                + "does not offer this mechanism (enabled mechanisms are [PLAIN]); set sasl.mechanism in --command-config to one it enables");
        assertThat(AuthenticationAdvice.explain(new TimeoutException("x"), BOB)).isNull();
    }

    private static String tls(String reason) {
        var handshake = new SSLHandshakeException(reason);
        handshake.initCause(new CertificateException(reason));
        var e = AuthenticationAdvice.explain(new SslAuthenticationException("SSL handshake failed", handshake), BOB);
        assertThat(e.exitCode()).isEqualTo(69);
        return e.getMessage();
    }

}
