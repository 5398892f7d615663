package io.warden.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A test certificate authority made with the JDK's keytool: a CA, certificates it signs (for
 * brokers and for mTLS clients), and a PKCS12 truststore holding the CA. Everything lives in one
 * directory and shares one store password. Keys are EC P-256, which keytool makes in milliseconds.
 *
 * <p>Certificates are made in batches ({@link #issue(List)}) because each batch starts one JVM;
 * the CA is made with the first batch.
 */
public final class TestCertificates {

    /** What to issue: a certificate for {@code commonName}, valid for {@code validityDays}. */
    public record Request(String alias, String commonName, int validityDays) {
    }

    private static final String CA = "ca";
    private static final String SAN = "SAN=ip:127.0.0.1,dns:localhost";

    private final Path dir;
    private final String password;
    private String authorityToMake;

    private TestCertificates(Path dir, String commonName, String password) {
        this.dir = dir;
        this.password = password;
        this.authorityToMake = commonName;
    }

    /**
     * A new CA (valid ten years) with its truststore in {@code dir}, made together with the first
     * certificates it issues.
     */
    public static TestCertificates newAuthority(Path dir, String commonName, String password) {
        return new TestCertificates(dir, commonName, password);
    }

    /**
     * Issues one PKCS12 keystore per request, each holding the key and its chain (certificate, CA),
     * with subject {@code CN=commonName}, SAN {@code ip:127.0.0.1,dns:localhost} and both server
     * and client use, so one keystore serves a broker or an mTLS client.
     */
    public synchronized void issue(List<Request> requests) {
        var batch = new ArrayList<List<String>>();
        if (authorityToMake != null) {
            batch.add(store(List.of("-genkeypair", "-alias", CA, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + authorityToMake, "-ext", "bc:c", "-validity", "3650"), keystore(CA)));
            batch.add(store(List.of("-exportcert", "-rfc", "-alias", CA, "-file", pem(CA)), keystore(CA)));
            batch.add(store(List.of("-importcert", "-noprompt", "-alias", CA, "-file", pem(CA)), truststore()));
        }
        for (Request request : requests) {
            String alias = request.alias();
            Path keystore = keystore(alias);
            batch.add(store(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + request.commonName(), "-validity", "1"), keystore));
            batch.add(store(List.of("-certreq", "-alias", alias, "-file", dir.resolve(alias + ".csr").toString()), keystore));
            batch.add(store(List.of("-gencert", "-alias", CA, "-rfc", "-infile", dir.resolve(alias + ".csr").toString(),
                    "-outfile", pem(alias), "-validity", Integer.toString(request.validityDays()), "-ext", SAN,
                    "-ext", "KU=digitalSignature,keyEncipherment", "-ext", "EKU=serverAuth,clientAuth"), keystore(CA)));
            batch.add(store(List.of("-importcert", "-noprompt", "-alias", CA, "-file", pem(CA)), keystore));
            batch.add(store(List.of("-importcert", "-noprompt", "-alias", alias, "-file", pem(alias)), keystore));
        }
        run(batch);
        authorityToMake = null;
    }

    /** The keystore {@link #issue(List)} made for {@code alias}. */
    public Path keystore(String alias) {
        return dir.resolve(alias + ".p12");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public String password() {
        return password;
    }

    /** When the certificate issued for {@code alias} stops being valid. */
    public Instant notAfter(String alias) {
        try (InputStream in = Files.newInputStream(keystore(alias))) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return ((X509Certificate) store.getCertificate(alias)).getNotAfter().toInstant();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + keystore(alias) + ": " + e.getMessage(), e);
        }
    }

    private String pem(String alias) {
        return dir.resolve(alias + ".pem").toString();
    }

    private List<String> store(List<String> command, Path keystore) {
        var line = new ArrayList<>(command);
        line.addAll(List.of("-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass:env", "WARDEN_TEST_STORE_PASS"));
        return line;
    }

    private void run(List<List<String>> batch) {
        try {
            Files.createDirectories(dir);
            Path commands = Files.createTempFile(dir, "keytool-", ".tsv");
            var lines = new ArrayList<String>();
            batch.forEach(args -> lines.add(String.join("\t", args)));
            Files.write(commands, lines, StandardCharsets.UTF_8);
            var process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "--add-exports", "java.base/sun.security.tools.keytool=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), KeytoolBatch.class.getName(), commands.toString())
                    .redirectErrorStream(true);
            process.environment().put("WARDEN_TEST_STORE_PASS", password);
            Process started = process.start();
            String output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (started.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output.strip());
            }
            Files.delete(commands);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making certificates", e);
        }
    }
}
