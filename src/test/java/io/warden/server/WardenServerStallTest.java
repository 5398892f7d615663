package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that connect and then say nothing more — a slow-loris attack, a half-open load balancer
 * check, a stuck scraper — must not take the liveness probe down: with 64 such connections open,
 * {@code /health} and {@code /metrics} still answer at once, and the stalled ones are closed.
 */
class WardenServerStallTest {

    private static final int STALLED = 64;

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final HealthStatus health = new HealthStatus(metrics, clock, Duration.ofSeconds(30));
    private final List<Socket> sockets = new ArrayList<>();
    private WardenServer server;

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        server.close();
    }

    @Test
    void sixtyFourStalledConnectionsDoNotBlockHealthOrMetricsAndAreClosedAfterTheRequestTimeout() throws Exception {
        Duration timeout = Duration.ofSeconds(3);
        metrics.cluster("c").recordCycle(Duration.ofSeconds(1), false);
        // the API open to anyone, as in the demo: a stalled body reaches the one endpoint that reads one
        server = new WardenServer(new ServerSettings("127.0.0.1", 0, timeout), metrics, health, ApiSettings.unauthenticated(),
                new TestBackend(dir, clock)).start();
        long opened = System.nanoTime();
        for (int i = 0; i < STALLED; i++) {
            stall(i % 4);
        }

        long asked = System.nanoTime();
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        assertThat(get(client, "/health").statusCode()).isEqualTo(200);
        assertThat(get(client, "/metrics").body()).contains("warden_cycles_total{cluster=\"c\"} 1.0");
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(2));

        for (int i = 0; i < STALLED; i++) {
            Socket s = sockets.get(i);
            String answer = readUntilClosed(s, opened, timeout.plusSeconds(3));
            Duration open = Duration.ofNanos(System.nanoTime() - opened);
            if (i % 4 == 3) {
                assertThat(answer).as("socket %d", i).startsWith("HTTP/1.1 413 "); // refused before its body, at once
            } else {
                // closed, after a 408 where the idle timeout came first while a body was awaited
                assertThat(answer).as("socket %d", i).satisfiesAnyOf(a -> assertThat(a).isEmpty(),
                        a -> assertThat(a).startsWith("HTTP/1.1 408 "));
                assertThat(open).as("socket %d", i).isGreaterThan(timeout.minusMillis(500));
            }
        }
    }

    /** What the server sent before it closed {@code s}; fails when it is still open {@code within} after {@code since}. */
    private static String readUntilClosed(Socket s, long since, Duration within) throws IOException {
        StringBuilder got = new StringBuilder();
        InputStream in = s.getInputStream();
        try {
            while (true) {
                long left = within.toMillis() - Duration.ofNanos(System.nanoTime() - since).toMillis();
                s.setSoTimeout((int) Math.max(1, left));
                int b = in.read();
                if (b < 0) {
                    return got.toString();
                }
                got.append((char) b);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close a stalled connection within " + within, e);
        } catch (IOException reset) {
            return got.toString(); // closed with unread input: a reset
        }
    }

    /** Opens a connection that stops part of the way through its request, in one of four ways. */
    private void stall(int how) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        sockets.add(s);
        String sent = switch (how) {
            case 0 -> "G"; // one byte
            case 1 -> "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "; // part of the headers
            case 2 -> "POST /api/silences HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60000\r\n\r\n{\"matchers\":"; // a body that never ends
            default -> "POST /api/silences HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 999999999999\r\n\r\n"; // a huge body announced, none sent
        };
        OutputStream out = s.getOutputStream();
        out.write(sent.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(2)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
