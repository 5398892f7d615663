package io.warden.comply;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Self-signed PKCS12 keystores made with the JDK's keytool, for TLS endpoints in tests. */
public final class TestCertificates {

    public static final String PASSWORD = "test-store-pass";

    private TestCertificates() {
    }

    /** A keystore with one key pair valid for {@code days}, named {@code cn} and the SANs (e.g. {@code dns:localhost,ip:127.0.0.1}). */
    public static Path keystore(Path dir, String alias, String cn, int days, String sans) throws IOException, InterruptedException {
        Path file = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> command = new java.util.ArrayList<>(List.of(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + cn, "-validity", Integer.toString(days),
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        if (sans != null) {
            command.addAll(List.of("-ext", "SAN=" + sans));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        return file;
    }

    static KeyStore load(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    static X509Certificate certificate(Path keystore, String alias) throws Exception {
        return (X509Certificate) load(keystore).getCertificate(alias);
    }

    static SSLContext serverContext(Path keystore) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keystore), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
