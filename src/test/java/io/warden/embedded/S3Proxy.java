package io.warden.embedded;

import static org.awaitility.Awaitility.await;

import io.warden.protect.S3Store;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: s3proxy 2.6.0 with its filesystem store, in a child JVM of its own
 * classpath (its Jetty is not Warden's), on a free port, with credentials of its own. The jar is
 * copied into {@code target/s3proxy/} by Maven (profile {@code s3proxy}) before the tests run.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String ACCESS_KEY = "warden-test";

    private final Process process;
    private final URI endpoint;
    private final String secretKey;
    private final S3Client client;
    private final Path log;

    private S3Proxy(Process process, URI endpoint, String secretKey, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.secretKey = secretKey;
        this.log = log;
        this.client = S3Store.client(new S3Store.Settings(endpoint, "us-east-1", true, S3Store.PART_BYTES),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, secretKey)));
    }

    /** Starts s3proxy storing its buckets under {@code dir}; ready when it answers. */
    public static S3Proxy start(Path dir) throws IOException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn process-test-resources' once (it copies s3proxy there)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("buckets"));
        String secret = UUID.randomUUID().toString();
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + secret,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""));
        Path log = dir.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", jar.toString(),
                "org.gaul.s3proxy.Main", "--properties", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3Proxy proxy = new S3Proxy(p, URI.create("http://127.0.0.1:" + port), secret, log);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("s3proxy exited: " + Files.readString(log));
                }
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** The secret key of {@link #ACCESS_KEY}: tests hand it to Warden as the AWS SDK's default chain finds it. */
    public String secretKey() {
        return secretKey;
    }

    /** A client of the test's own, with the proxy's credentials, to look at and damage what Warden wrote. */
    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
