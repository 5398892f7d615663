package io.warden.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import io.warden.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's HTTP endpoint as the config asks for it, even where no API token is configured:
 * {@code http.tls} still serves HTTPS, and {@code protect-metrics} with no token to pass it is
 * refused as a config error rather than silently left open.
 */
class WatchHttpSettingsTest {

    private static final String PASSWORD = "keystore-pass-7f3a9c";

    @TempDir
    Path dir;

    @Test
    void tlsIsServedWithoutAnyTokenConfigured() throws Exception {
        Path keystore = keystore();
        var config = load("http: {host: 127.0.0.1, port: 0, tls: {keystore: " + keystore + ", password: " + PASSWORD + "}}");

        try (var runner = new WatchRunner(config, new PrintWriter(new StringWriter(), true), Clock.systemUTC()).start()) {
            var https = HttpClient.newBuilder().sslContext(trusting(keystore)).connectTimeout(Duration.ofSeconds(2)).build();
            var health = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + runner.httpPort() + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(503); // no cycle yet, but answered over TLS

            var plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + runner.httpPort() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void protectMetricsWithoutATokenIsAConfigErrorSayingWhatToAdd() throws Exception {
        for (String auth : new String[] {"{protect-metrics: true}", "{enabled: false, protect-metrics: true}"}) {
            assertThatThrownBy(() -> load("http: {port: 0, auth: " + auth + "}")).as(auth)
                    .isInstanceOf(WardenException.class)
                    .hasMessageContaining("http.auth.protect-metrics")
                    .hasMessageContaining("role: viewer")
                    .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(78));
        }
    }

    private io.warden.config.WardenConfig load(String http) throws IOException {
        Path yaml = Files.writeString(dir.resolve("warden.yaml"), "cluster: {name: c, bootstrap-servers: \"127.0.0.1:1\"}\n"
                + "audit: {file: " + dir.resolve("audit.jsonl") + "}\nalerts: {silences-file: " + dir.resolve("silences.json")
                + "}\nwatch: {timeout: 1s}\n" + http + "\n");
        return new ConfigLoader(Map.<String, String>of()::get).load(yaml);
    }

    private Path keystore() throws Exception {
        Path keystore = dir.resolve("warden.p12");
        var keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "warden", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass:env", "KS_PASS").redirectErrorStream(true);
        keytool.environment().put("KS_PASS", PASSWORD);
        Process process = keytool.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("warden", store.getCertificate("warden"));
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
