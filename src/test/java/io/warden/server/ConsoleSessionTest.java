package io.warden.server;

import static io.warden.server.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.warden.server.ApiToken.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's page and its sessions over real HTTP: strict headers on every answer, a login that
 * trades a token for an HttpOnly SameSite=Strict cookie which expires and never carries the token,
 * and a console that opens without a login when auth is off.
 */
class ConsoleSessionTest {

    private static final String VIEWER = "viewer-secret-0123456789abcdef";
    private static final String OPERATOR = "operator-secret-fedcba9876543210";

    @TempDir
    Path dir;

    private final Fixtures.MutableClock clock = new Fixtures.MutableClock(T0);
    private final WardenMetrics metrics = new WardenMetrics(clock);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<WardenServer> servers = new ArrayList<>();
    private final List<HttpResponse<String>> responses = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(WardenServer::close);
        for (var r : responses) { // no answer repeats a token, in its body or a header
            assertThat(r.body()).doesNotContain(VIEWER, OPERATOR);
            assertThat(r.headers().map().toString()).doesNotContain(VIEWER, OPERATOR);
        }
    }

    @Test
    void thePageAndItsFilesComeWithStrictHeadersAndNoInlineScript() throws Exception {
        String base = serve(withTokens());

        var page = send("GET", base + "/", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("http://", "https://");

        var chart = send("GET", base + "/console/uPlot.iife.min.js", null, null);
        assertThat(chart.statusCode()).isEqualTo(200);
        assertThat(chart.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(chart.body()).contains("uPlot");
        assertThat(send("GET", base + "/console/app.js", null, null).body()).doesNotContain("innerHTML");
        assertThat(send("GET", base + "/console/missing.js", null, null).statusCode()).isEqualTo(404);
        assertThat(new ConsoleAssets().weight()).isLessThan(300 * 1024);
    }

    @Test
    void aTokenBuysAnHttpOnlyStrictSessionCookieThatExpires() throws Exception {
        String base = serve(withTokens());

        var refused = send("POST", base + "/console/login", null, "{\"token\":\"not-a-configured-token\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("Set-Cookie")).isEmpty();

        var login = send("POST", base + "/console/login", null, "{\"token\":\"" + VIEWER + "\"}");
        assertThat(login.statusCode()).isEqualTo(200);
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("warden_session=").contains("; Path=/", "; HttpOnly", "; SameSite=Strict")
                .doesNotContain("Secure");
        assertThat(login.body()).contains("\"name\":\"grafana\"", "\"role\":\"viewer\"", "\"csrf\":\"");
        String session = cookie.substring(0, cookie.indexOf(';'));

        var me = send("GET", base + "/api/console/session", session, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(send("GET", base + "/api/alerts", session, null).statusCode()).as("the API's own endpoints").isEqualTo(200);
        assertThat(send("GET", base + "/api/console/session", "warden_session=forged", null).statusCode()).isEqualTo(401);

        clock.advance(ConsoleSessions.LIFETIME);
        assertThat(send("GET", base + "/api/console/session", session, null).statusCode()).isEqualTo(401);
    }

    @Test
    void overTlsTheCookieIsSecure() {
        var sessions = new ConsoleSessions(clock, true);
        var s = sessions.open(new BearerAuth.Caller("oncall", Role.OPERATOR));
        assertThat(sessions.cookie(s)).endsWith("; HttpOnly; SameSite=Strict; Secure");
        assertThat(sessions.clearedCookie()).contains("Max-Age=0", "; Secure");
    }

    @Test
    void withAuthOffTheConsoleOpensWithoutALogin() throws Exception {
        String base = serve(ApiSettings.unauthenticated());

        var me = send("GET", base + "/api/console/session", null, null);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"auth\":false", "\"role\":\"operator\"");
        assertThat(send("POST", base + "/console/login", null, "{\"token\":\"" + VIEWER + "\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void withAuthOnButNoTokenThereIsNoConsole() throws Exception {
        String base = serve(new ApiSettings(true, List.of(), false, null));

        assertThat(send("GET", base + "/", null, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", base + "/console/app.js", null, null).statusCode()).isEqualTo(404);
        assertThat(send("GET", base + "/health/live", null, null).statusCode()).isEqualTo(200);
    }

    private static ApiSettings withTokens() {
        return ApiSettings.withTokens(List.of(new ApiToken("grafana", VIEWER, Role.VIEWER),
                new ApiToken("oncall", OPERATOR, Role.OPERATOR)));
    }

    private String serve(ApiSettings settings) throws IOException {
        var server = new WardenServer(new ServerSettings("127.0.0.1", 0), metrics,
                new HealthStatus(metrics, clock, Duration.ofSeconds(30)), settings, new TestBackend(dir, clock)).start();
        servers.add(server);
        return "http://127.0.0.1:" + server.port();
    }

    private HttpResponse<String> send(String method, String url, String cookie, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        responses.add(response);
        return response;
    }
}
