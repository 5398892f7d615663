package io.warden.notify;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Prometheus Alertmanager (Debian package {@code prometheus-alertmanager}) on a free
 * loopback port, with its own config and storage, gossip off. Missing binary: the test is skipped
 * on a developer's machine and fails in CI ({@code CI} set), where {@code .ci/run} installs it.
 */
final class AlertmanagerProcess implements AutoCloseable {

    private static final List<String> NAMES = List.of("prometheus-alertmanager", "alertmanager");

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private AlertmanagerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The binary on PATH (or in /usr/bin), skipping or failing the test as above when there is none. */
    static Path binary() {
        Optional<Path> found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/bin", "/usr/local/bin"))
                .filter(d -> !d.isEmpty())
                .flatMap(d -> NAMES.stream().map(n -> Path.of(d, n)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String why = "no Alertmanager binary (" + String.join(" or ", NAMES) + ") on PATH; install the Debian package "
                    + "prometheus-alertmanager (.ci/run does)";
            if (System.getenv("CI") != null) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        return found.get();
    }

    /** Starts it with {@code routing} as the route and receivers part of its config, and waits until it is ready. */
    static AlertmanagerProcess start(Path dir, Duration resolveTimeout, String routing) throws Exception {
        Path binary = binary();
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("alertmanager.yml"),
                "global:\n  resolve_timeout: " + resolveTimeout.toMillis() + "ms\n" + routing);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path log = dir.resolve("alertmanager.log");
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--log.level=info")
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        AlertmanagerProcess am = new AlertmanagerProcess(p, port, log);
        try {
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("alertmanager exited: " + Files.readString(log));
                }
                return am.status("/-/ready") == 200;
            });
        } catch (RuntimeException e) {
            am.close();
            throw e;
        }
        return am;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code GET /api/v2/alerts}: the alerts it holds that have not ended. */
    JsonNode alerts() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/api/v2/alerts")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET /api/v2/alerts answered " + r.statusCode() + ": " + r.body());
        }
        return json.readTree(r.body());
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
