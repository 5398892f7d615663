package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Passwords from the environment that YAML would misread, a wrong SMTP password and a webhook
 * that echoes what it got: {@code notify test} and the daemon's start (with a failing delivery)
 * show none of them, in their output, their log or the audit trail. Run as the operator runs
 * Warden, in its own process with the secrets in its environment.
 */
class SecretsStayHiddenTest {

    /** The SMTP password is the wrong one: the server knows another. */
    private static final Map<String, String> SECRETS = Map.of(
            "PW_SMTP", "{s3cret-smtp\nsecond-line",
            "PW_JAAS", "*s3cret-jaas: one #two",
            "PW_HOOK", "s3cret-hook, ]} &x");

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("warden@example.com", "the-right-password"));

    @TempDir
    Path dir;

    private static HttpServer echo;

    /** A webhook endpoint that refuses and echoes the request, headers and all, as some proxies do. */
    @BeforeAll
    static void echo() throws IOException {
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", ex -> {
            byte[] body = ("refused: " + ex.getRequestHeaders() + " " + new String(ex.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(401, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        echo.start();
    }

    @AfterAll
    static void stop() {
        echo.stop(0);
    }

    private Path config(String smtpPort) throws IOException {
        return Files.writeString(dir.resolve("warden.yaml"), """
                cluster:
                  bootstrap-servers: 127.0.0.1:1
                  client:
                    security.protocol: SASL_PLAINTEXT
                    sasl.mechanism: PLAIN
                    sasl.jaas.config: org.apache.kafka.common.security.plain.PlainLoginModule required username="w" password="${PW_JAAS}";
                watch: {timeout: 1s, shutdown-timeout: 2s}
                audit: {file: %s}
                alerts:
                  silences-file: %s
                  rules: [{name: page-at-once, check: cluster-unreachable, severity: critical}]
                http: {port: -1}
                notifiers:
                  mail:
                    type: email
                    host: 127.0.0.1
                    port: %s
                    starttls: false
                    username: warden@example.com
                    password: ${PW_SMTP}
                    from: warden@example.com
                    to: [oncall@example.com]
                  hook:
                    type: webhook
                    url: http://127.0.0.1:%d/hook
                    headers:
                      Authorization: Bearer ${PW_HOOK}
                """.formatted(dir.resolve("audit.jsonl"), dir.resolve("silences.json"), smtpPort, echo.getAddress().getPort()));
    }

    /** Warden in a process of its own, with the secrets in its environment; stdout and stderr together. */
    private static Run warden(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(SECRETS);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private record Run(int exitCode, String output) {
    }

    private static void showsNoSecret(String text) {
        for (String secret : SECRETS.values()) {
            assertThat(text).doesNotContain(secret);
            secret.lines().map(String::strip).forEach(part -> assertThat(text).doesNotContain(part));
        }
        assertThat(text).doesNotContain("s3cret");
    }

    @Test
    void notifyTestShowsWhichChannelFailedAndNoSecret() throws Exception {
        Run run = warden("notify", "test", "--config", config(String.valueOf(mail.getSmtp().getPort())).toString(), "--timeout", "10s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.output().lines().filter(l -> l.startsWith("mail")).findFirst().orElseThrow()).contains("FAILED");
        assertThat(run.output().lines().filter(l -> l.startsWith("hook")).findFirst().orElseThrow()).contains("FAILED", "401");
        showsNoSecret(run.output());
    }

    @Test
    void theDaemonStartsAndFailsToDeliverWithoutShowingASecret() throws Exception {
        Run run = warden("watch", "--config", config(String.valueOf(mail.getSmtp().getPort())).toString(), "--once");

        assertThat(run.exitCode()).as(run.output()).isBetween(1, 3);
        assertThat(run.output()).contains("notification_failed");
        showsNoSecret(run.output());
        showsNoSecret(Files.readString(dir.resolve("audit.jsonl")));
    }

    @Test
    void aSecretInTheWrongPlaceIsNamedByItsVariable() throws Exception {
        Path file = config("${PW_SMTP}");

        for (String[] command : List.of(new String[] {"notify", "test", "--config", file.toString()},
                new String[] {"watch", "--config", file.toString(), "--once"})) {
            Run run = warden(command);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(78);
            assertThat(run.output()).contains(":17:11: notifiers.mail.port: '${PW_SMTP}' is not a port number");
            showsNoSecret(run.output());
        }
    }
}
