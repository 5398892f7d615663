package io.warden.comply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader against a real JDK TLS server: it reads the chain, and sends nothing of its own. */
class TlsChainReaderTest {

    @TempDir
    static Path dir;
    static Path keystore;

    @org.junit.jupiter.api.BeforeAll
    static void keystore() throws Exception {
        keystore = TestCertificates.keystore(dir, "broker", "kafka-1.example.test", 5, "dns:localhost,ip:127.0.0.1");
    }

    private SSLServerSocket server;
    private final AtomicReference<String> serverSaw = new AtomicReference<>();

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private int serve(Path keystore, boolean needClientAuth) throws Exception {
        server = (SSLServerSocket) TestCertificates.serverContext(keystore).getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
        if (needClientAuth) {
            server.setNeedClientAuth(true);
        } else {
            server.setWantClientAuth(true); // a client with a key would offer it here
        }
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(5_000);
                    try {
                        s.startHandshake();
                        var names = s.getSession() instanceof javax.net.ssl.ExtendedSSLSession e ? e.getRequestedServerNames() : null;
                        serverSaw.set("handshake ok, peer certificates: " + peer(s) + ", sni: " + names);
                        s.getInputStream().read();
                    } catch (IOException e) {
                        serverSaw.compareAndSet(null, "refused: " + e.getMessage());
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static String peer(SSLSocket s) {
        try {
            return String.valueOf(s.getSession().getPeerCertificates().length);
        } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
            return "none";
        }
    }

    @Test
    void readsTheChainOfAnEndpointItDoesNotTrustWithSniAndWithoutAClientCertificate() throws Exception {
        X509Certificate expected = TestCertificates.certificate(keystore, "broker");
        int port = serve(keystore, false);

        TlsEndpoint read = new TlsChainReader(Duration.ofSeconds(5)).read("localhost", port, "broker 1 listener SSL");

        assertThat(read.error()).isNull();
        assertThat(read.chain()).hasSize(1);
        CertificateInfo c = read.leaf().orElseThrow();
        assertThat(c.subject()).isEqualTo("CN=kafka-1.example.test");
        assertThat(c.issuer()).isEqualTo("CN=kafka-1.example.test");
        assertThat(c.subjectAltNames()).containsExactly("DNS:localhost", "IP:127.0.0.1");
        assertThat(c.notAfter()).isEqualTo(expected.getNotAfter().toInstant());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> serverSaw.get() != null);
        assertThat(serverSaw.get()).contains("handshake ok").contains("peer certificates: none").contains("localhost");
    }

    @Test
    void readsTheChainOfAnEndpointThatRequiresAClientCertificate() throws Exception {
        int port = serve(keystore, true);

        TlsEndpoint read = new TlsChainReader(Duration.ofSeconds(5)).read("127.0.0.1", port, "broker 1 listener SSL");

        assertThat(read.error()).isNull();
        assertThat(read.leaf().orElseThrow().subject()).isEqualTo("CN=kafka-1.example.test");
    }

    @Test
    void anEndpointThatIsNotTlsOrNotThereIsAnErrorWithinTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            TlsEndpoint read = new TlsChainReader(Duration.ofMillis(500)).read("127.0.0.1", silent.getLocalPort(), "x");
            assertThat(read.read()).isFalse();
            assertThat(read.error()).isNotBlank();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        int closedPort;
        try (Socket probe = new Socket()) {
            probe.bind(null);
            closedPort = probe.getLocalPort();
        }
        assertThat(new TlsChainReader(Duration.ofSeconds(2)).read("127.0.0.1", closedPort, "x").error()).isNotBlank();
    }
}
