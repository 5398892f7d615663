package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import io.warden.server.ApiToken.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PKCS12 keystore made by the JDK's keytool, as an operator would make one. */
class WardenServerTlsTest {

    private static final String PASSWORD = "keystore-pass-7f3a9c";
    private static final String VIEWER = "viewer-secret-0123456789abcdef";

    @TempDir
    static Path dir;
    private static Path keystore;
    private static Certificate certificate;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final ClusterMetrics cluster = metrics.cluster("c");
    private final HealthStatus health = new HealthStatus(metrics, clock, Duration.ofSeconds(30));
    private WardenServer server;
    private RecordingClient client;

    @BeforeAll
    static void selfSignedKeystore() throws Exception {
        keystore = dir.resolve("warden.p12");
        var keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "warden", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env", "KS_PASS")
                .redirectErrorStream(true);
        keytool.environment().put("KS_PASS", PASSWORD);
        Process process = keytool.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        certificate = load(keystore, PASSWORD).getCertificate("warden");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (client != null) {
            client.assertNothingLeaked(List.of(PASSWORD, VIEWER));
        }
    }

    @Test
    void servesHealthAndTheApiOverHttpsToAClientTrustingTheCertificate() throws Exception {
        start();
        cluster.recordCycle(Duration.ofSeconds(1), false);
        client = new RecordingClient(trustingClient(), "https://127.0.0.1:" + server.port());

        var healthResponse = client.send("GET", "/health", null, null);
        var alerts = client.send("GET", "/api/alerts", VIEWER, null);
        var anonymous = client.send("GET", "/api/alerts", null, null);

        assertThat(healthResponse.statusCode()).isEqualTo(200);
        assertThat(healthResponse.version()).isNotNull();
        assertThat(healthResponse.uri().getScheme()).isEqualTo("https");
        assertThat(alerts.statusCode()).isEqualTo(200);
        assertThat(alerts.body()).isEqualTo("[]");
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void plainHttpToTheTlsPortFails() throws Exception {
        start();
        var plain = new RecordingClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                "http://127.0.0.1:" + server.port());

        assertThatThrownBy(() -> plain.send("GET", "/health", null, null)).isInstanceOf(IOException.class);
        assertThat(plain.responses()).isEmpty();
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() throws Exception {
        start();
        var untrusting = new RecordingClient(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build(),
                "https://127.0.0.1:" + server.port());

        assertThatThrownBy(() -> untrusting.send("GET", "/health", null, null)).isInstanceOf(IOException.class);
    }

    @Test
    void aConnectionThatStallsInTheHandshakeIsClosedAfterTheRequestTimeoutAndHealthStillAnswers() throws Exception {
        var api = new ApiSettings(true, List.of(new ApiToken("grafana", VIEWER, Role.VIEWER)), false,
                new TlsSettings(keystore, PASSWORD, null));
        server = new WardenServer(new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(1)), metrics, health, api,
                new TestBackend(dir, clock)).start();
        try (var stalled = new java.net.Socket("127.0.0.1", server.port())) {
            stalled.getOutputStream().write(0x16); // the first byte of a TLS ClientHello, and no more
            stalled.getOutputStream().flush();
            client = new RecordingClient(trustingClient(), "https://127.0.0.1:" + server.port());
            assertThat(client.send("GET", "/health", null, null).statusCode()).isEqualTo(503);

            stalled.setSoTimeout(5_000);
            long started = System.nanoTime();
            stalled.getInputStream().readAllBytes(); // at most a TLS alert, then the end: a timeout here fails the test
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        }
    }

    @Test
    void aMissingKeystoreIsAnErrorNamingItsPathButNotThePassword() {
        Path missing = dir.resolve("nope.p12");

        assertThatThrownBy(() -> server(new TlsSettings(missing, PASSWORD, null)))
                .isInstanceOf(WardenException.class)
                .hasMessage("http.tls.keystore " + missing + " (PKCS12) does not exist")
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(WardenException.CONFIG));
    }

    @Test
    void aWrongPasswordIsAnErrorNamingThePathButNeitherPassword() {
        String wrong = "not-the-password-42";

        assertThatThrownBy(() -> server(new TlsSettings(keystore, wrong, "PKCS12")))
                .isInstanceOf(WardenException.class)
                .hasMessageStartingWith("http.tls.keystore " + keystore + " (PKCS12) cannot be opened")
                .hasMessageContaining("check http.tls.password")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASSWORD));
    }

    @Test
    void aKeystoreWithoutAPrivateKeyIsRefused() throws Exception {
        Path certOnly = dir.resolve("cert-only.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("warden", certificate);
        try (OutputStream out = Files.newOutputStream(certOnly)) {
            store.store(out, PASSWORD.toCharArray());
        }

        assertThatThrownBy(() -> server(new TlsSettings(certOnly, PASSWORD, null)))
                .isInstanceOf(WardenException.class)
                .hasMessageContaining(certOnly.toString())
                .hasMessageContaining("holds no private key");
    }

    private void start() throws IOException {
        server = server(new TlsSettings(keystore, PASSWORD, null)).start();
    }

    private WardenServer server(TlsSettings tls) {
        var api = new ApiSettings(true, List.of(new ApiToken("grafana", VIEWER, Role.VIEWER)), false, tls);
        return new WardenServer(new ServerSettings("127.0.0.1", 0), metrics, health, api, new TestBackend(dir, clock));
    }

    private static HttpClient trustingClient() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("warden", certificate);
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }
}
