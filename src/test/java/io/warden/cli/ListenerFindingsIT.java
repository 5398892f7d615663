package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.comply.TestCertificates;
import io.warden.embedded.EmbeddedKafka;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given one real broker with a SASL_PLAINTEXT listener using PLAIN, bound to every interface, and an
 * SSL listener whose certificate names other hosts than the one it advertises, when the operator
 * runs status and the compliance audit, then both listener findings are raised from the broker's
 * own configs: passwords in clear on the SASL/PLAIN listener, and the SSL endpoint with the names
 * its certificate does carry.
 */
class ListenerFindingsIT {

    static final String WRONG_NAMES = "dns:kafka-old.example.net,ip:10.20.30.40";

    @TempDir
    static Path dir;

    static EmbeddedKafka kafka;
    static int saslPort;
    static int sslPort;
    static Path commandConfig;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cluster() throws Exception {
        Path keystore = TestCertificates.keystore(dir, "broker", "broker-0", 365, WRONG_NAMES);
        // the ports appear in the configs Warden reads, so they are picked before the broker starts
        saslPort = freePort();
        sslPort = freePort();
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "EXTERNAL://localhost:0,SASL_PLAIN://0.0.0.0:" + saslPort + ",WRONG_NAME://localhost:" + sslPort
                + ",CONTROLLER://localhost:0");
        props.put("advertised.listeners", "EXTERNAL://localhost:0,SASL_PLAIN://localhost:" + saslPort
                + ",WRONG_NAME://localhost:" + sslPort);
        props.put("listener.security.protocol.map", "EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAIN:SASL_PLAINTEXT,WRONG_NAME:SSL");
        props.put("listener.name.sasl_plain.sasl.enabled.mechanisms", "PLAIN");
        props.put("listener.name.sasl_plain.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required user_admin=\"admin-pass\";");
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", TestCertificates.PASSWORD);
        props.put("ssl.key.password", TestCertificates.PASSWORD);
        kafka = EmbeddedKafka.start(1, props);
        commandConfig = Files.writeString(dir.resolve("sasl-plain.properties"), """
                security.protocol=SASL_PLAINTEXT
                sasl.mechanism=PLAIN
                sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-pass";
                """);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String saslBootstrap() {
        return "localhost:" + saslPort;
    }

    @Test
    void statusRaisesSaslPlainWithoutTlsAndTheCertificateThatDoesNotNameItsHost() throws Exception {
        Cli cli = Cli.run("status", "-b", saslBootstrap(), "--command-config", commandConfig.toString(), "-o", "json");

        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isEqualTo(2);
        Map<String, JsonNode> findings = new HashMap<>();
        JSON.readTree(cli.out()).get("findings").forEach(f -> findings.put(f.get("key").asText(), f));
        int broker = kafka.brokerIds().get(0);

        JsonNode plain = findings.get("listener-sasl-plain-cleartext/broker=" + broker + "/listener=SASL_PLAIN");
        assertThat(plain).as(cli.out()).isNotNull();
        assertThat(plain.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(plain.get("message").asText()).isEqualTo("broker " + broker + " listener SASL_PLAIN at localhost:" + saslPort
                + " accepts SASL/PLAIN without TLS: passwords cross the network as they are");
        assertThat(plain.get("evidence").get("saslMechanisms").toString()).isEqualTo("[\"PLAIN\"]");
        assertThat(plain.get("evidence").get("loopbackOnly").asBoolean()).isFalse();

        JsonNode host = findings.get("certificate-hostname/localhost:" + sslPort);
        assertThat(host).as(cli.out()).isNotNull();
        assertThat(host.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(host.get("message").asText()).isEqualTo("the certificate of broker " + broker + " listener WRONG_NAME at localhost:"
                + sslPort + " does not name host localhost (subject alternative names [DNS:kafka-old.example.net, IP:10.20.30.40]): "
                + "clients that verify the host refuse it");
        assertThat(host.get("evidence").get("subjectAltNames").toString()).contains("kafka-old.example.net", "10.20.30.40");
        assertThat(host.get("evidence").get("subject").asText()).isEqualTo("CN=broker-0");
        // the inter-node PLAINTEXT listener is bound to localhost: nothing leaves the host, no finding
        assertThat(findings.keySet()).noneMatch(k -> k.contains("listener=EXTERNAL"));
    }

    @Test
    void theAuditFailsEncryptionOnSaslPlainAndCertificatesOnTheWrongName() throws Exception {
        Cli cli = Cli.run("audit", "compliance", "-b", saslBootstrap(), "--command-config", commandConfig.toString(), "-o", "json");

        assertThat(cli.exitCode()).as(cli.err() + cli.out()).isEqualTo(2);
        Map<String, JsonNode> checks = new HashMap<>();
        JSON.readTree(cli.out()).get("checks").forEach(c -> checks.put(c.get("name").asText(), c));
        JsonNode encryption = checks.get("encryption-in-transit");
        assertThat(encryption.get("status").asText()).isEqualTo("FAIL");
        assertThat(encryption.get("summary").asText()).startsWith("1 of ");
        assertThat(encryption.get("evidence").toString()).contains("listener SASL_PLAIN at localhost:" + saslPort
                + " accepts SASL/PLAIN without TLS: passwords cross the network as they are");
        JsonNode certificates = checks.get("certificates");
        assertThat(certificates.get("status").asText()).isEqualTo("FAIL");
        assertThat(certificates.get("evidence").toString()).contains("listener WRONG_NAME at localhost:" + sslPort
                + " does not name host localhost (subject alternative names [DNS:kafka-old.example.net, IP:10.20.30.40])");
    }
}
