package io.warden.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secure test cluster itself: who gets in over which listener, and what the authorizer refuses. */
class SecureKafkaIT {

    static SecureKafka kafka;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = SecureKafka.start();
        ReadyTopics.create(kafka.admin(), List.of(new NewTopic("jobs", 2, (short) 2)));
        kafka.createUser("bob", "bob-pass");
        kafka.grant(SecureKafka.allow("bob", new ResourcePattern(ResourceType.TOPIC, "jobs", PatternType.LITERAL),
                AclOperation.DESCRIBE));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void theAdminListsTopicsOverSaslSslWithEveryMechanism() throws Exception {
        for (String mechanism : SecureKafka.MECHANISMS) {
            try (Admin admin = Admin.create(kafka.clientProperties(SecureKafka.ADMIN, SecureKafka.ADMIN_PASSWORD, mechanism))) {
                assertThat(admin.listTopics().names().get()).as(mechanism).contains("jobs");
            }
        }
    }

    @Test
    void aUserSeesOnlyWhatItsAclsAllowAndAWrongPasswordIsRefused() throws Exception {
        for (String mechanism : SecureKafka.MECHANISMS) {
            try (Admin bob = Admin.create(kafka.clientProperties("bob", "bob-pass", mechanism))) {
                assertThat(bob.listTopics().names().get()).as(mechanism).containsExactly("jobs");
            }
            try (Admin wrong = Admin.create(kafka.clientProperties("bob", "not-bobs", mechanism))) {
                assertThatThrownBy(() -> wrong.listTopics().names().get()).as(mechanism)
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void aUserWithoutAclsIsDenied() throws Exception {
        kafka.createUser("carol", "carol-pass");
        try (Admin carol = Admin.create(kafka.clientProperties("carol", "carol-pass", SecureKafka.SCRAM_SHA_256))) {
            assertThat(carol.listTopics().names().get()).isEmpty();
            assertThatThrownBy(() -> carol.describeTopics(List.of("jobs")).allTopicNames().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void anMtlsClientIsTheUserNamedByItsCertificate() throws Exception {
        try (Admin alice = Admin.create(kafka.mtlsClientProperties("alice"))) {
            assertThatThrownBy(() -> alice.describeTopics(List.of("jobs")).allTopicNames().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            kafka.grant(SecureKafka.allow("alice", new ResourcePattern(ResourceType.TOPIC, "jobs", PatternType.LITERAL),
                    AclOperation.DESCRIBE));
            assertThat(alice.describeTopics(List.of("jobs")).allTopicNames().get()).containsKey("jobs");
        }
    }

    @Test
    void anOauthBearerClientIsTheSubjectOfItsTokenAndATokenWithoutSubjectIsRefused() throws Exception {
        try (Admin dave = Admin.create(kafka.oauthClientProperties("dave"))) {
            assertThatThrownBy(() -> dave.describeTopics(List.of("jobs")).allTopicNames().get())
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            kafka.grant(SecureKafka.allow("dave", new ResourcePattern(ResourceType.TOPIC, "jobs", PatternType.LITERAL),
                    AclOperation.DESCRIBE));
            assertThat(dave.describeTopics(List.of("jobs")).allTopicNames().get()).containsKey("jobs");
        }
        var noSubject = kafka.oauthClientProperties("dave");
        noSubject.put("sasl.jaas.config", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
                + "unsecuredLoginPrincipalClaimName=\"user\" unsecuredLoginStringClaim_user=\"dave\";");
        try (Admin refused = Admin.create(noSubject)) {
            assertThatThrownBy(() -> refused.listTopics().names().get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void theShortLivedBrokerPresentsACertificateExpiringInFiveDays() throws Exception {
        int shortLived = kafka.shortLivedBroker();
        String[] hostPort = kafka.saslSslAddress(shortLived).split(":");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(kafka.truststore())) {
            trust.load(in, kafka.storePassword().toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            socket.startHandshake();
            X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            Duration left = Duration.between(Instant.now(), presented.getNotAfter().toInstant());
            assertThat(left).isBetween(Duration.ofDays(5).minusHours(1), Duration.ofDays(5));
            assertThat(presented.getNotAfter().toInstant()).isEqualTo(kafka.brokerCertificateNotAfter().get(shortLived));
        }
        Map<Integer, Instant> notAfter = kafka.brokerCertificateNotAfter();
        notAfter.forEach((id, end) -> {
            if (id != shortLived) {
                assertThat(Duration.between(Instant.now(), end)).isGreaterThan(Duration.ofDays(300));
            }
        });
    }
}
