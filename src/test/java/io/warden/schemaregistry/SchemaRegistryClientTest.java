package io.warden.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.warden.WardenException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the client carries credentials and falls over between URLs; what a registry does with the
 * requests is tested against a real one in MetadataSchemaRegistryIT. The HTTP server here only
 * checks the Authorization header, as a registry with basic auth does.
 */
class SchemaRegistryClientTest {

    private static final String PASSWORD = "s3cret-pw";
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        String expected = "Basic " + Base64.getEncoder().encodeToString(("ops:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            boolean ok = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = (ok ? "[\"orders-value\"]" : "{\"error_code\":401,\"message\":\"Unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String closedPortUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    @Test
    void credentialsAreSentAndARefusalSaysWhereTheyComeFromWithoutShowingThem() throws Exception {
        var client = new SchemaRegistryClient(SchemaRegistrySettings.of(List.of(closedPortUrl(), url()), "ops", PASSWORD,
                Duration.ofSeconds(5)));
        assertThat(client.subjects()).containsExactly("orders-value");

        var wrong = new SchemaRegistryClient(SchemaRegistrySettings.of(List.of(url()), "ops", "wrong-password", Duration.ofSeconds(5)));
        assertThatThrownBy(wrong::subjects).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.getMessage()).contains("GET " + url() + "/subjects answered HTTP 401: Unauthorized",
                    "WARDEN_SCHEMA_REGISTRY_PASSWORD").doesNotContain("wrong-password");
        });
    }

    @Test
    void noAnsweringUrlIsAnUnavailableRegistryNamingEachUrl() throws Exception {
        String closed = closedPortUrl();
        var client = new SchemaRegistryClient(SchemaRegistrySettings.of(List.of(closed), null, null, Duration.ofSeconds(5)));
        assertThatThrownBy(client::read).isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.UNAVAILABLE);
            assertThat(e.getMessage()).startsWith("no Schema Registry URL answered GET /config: " + closed);
        });
    }
}
