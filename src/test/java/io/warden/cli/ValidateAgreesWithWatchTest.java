package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code config validate} accepts a file exactly when the daemon starts with it: each config here
 * is either refused by both with the same problem, at the same line, or accepted by both. The
 * daemon is started as {@code watch --once} against an address where no broker answers, which
 * builds every part a daemon builds.
 */
class ValidateAgreesWithWatchTest {

    private static final String TOKEN = "0123456789abcdef0123";

    @TempDir
    static Path dir;
    private static Path keystore;

    @BeforeAll
    static void keystore() throws Exception {
        keystore = dir.resolve("https.p12");
        var keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "warden", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", "keystore-pass").redirectErrorStream(true);
        Process process = keytool.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).start().waitFor()).isZero();
    }

    /** Name, the config's own sections, and what both must say about it (null: both accept it). */
    static Stream<Arguments> configs() {
        return Stream.of(
                Arguments.of("unknown channel type", "notifiers:\n  pager: {type: pager}\n",
                        "notifiers.pager.type: 'pager' is not a known notifier type"),
                Arguments.of("email without a host", "notifiers:\n  mail: {type: email, from: w@x.com, to: [o@x.com]}\n",
                        "notifiers.mail.host: missing"),
                Arguments.of("email port out of range", "notifiers:\n  mail: {type: email, host: smtp, port: 70000, from: w@x.com, to: [o@x.com]}\n",
                        "notifiers.mail.port: '70000' is not a port number"),
                Arguments.of("channel timeout beyond 24 days", "notifiers:\n  hook: {type: webhook, url: 'http://x/y', timeout: 25d}\n",
                        "notifiers.hook.timeout: '25d' is not a positive duration up to 24d"),
                Arguments.of("webhook over ftp", "notifiers:\n  hook: {type: webhook, url: 'ftp://x/y'}\n",
                        "notifiers.hook.url: scheme 'ftp' is not http or https"),
                Arguments.of("misspelt channel setting", "notifiers:\n  hook: {type: webhook, url: 'http://x/y', timout: 5s}\n",
                        "notifiers.hook.timout: unknown setting"),
                Arguments.of("Alertmanager URL with a password in it", "notifiers:\n  am:\n    type: alertmanager\n    urls:\n"
                        + "      - http://127.0.0.1:1\n      - http://w:pw@127.0.0.1:2\n",
                        "notifiers.am.urls[1]: holds a user name or password"),
                Arguments.of("Alertmanager with two kinds of auth", "notifiers:\n  am: {type: alertmanager, url: 'http://127.0.0.1:1', "
                        + "username: w, password: pw, bearer-token: t}\n", "notifiers.am.bearer-token: and username are both set"),
                Arguments.of("rule graded twice", "alerts:\n  rules:\n    - {name: r, warning: 1, rate-warning: 2}\n",
                        "alerts.rules[0]: a rule grades either by value"),
                Arguments.of("rule severity", "alerts:\n  rules:\n    - {name: r, severity: page}\n",
                        "alerts.rules[0].severity: 'page' is not one of warning, critical, unknown"),
                Arguments.of("short token", "http:\n  auth:\n    tokens:\n      - {name: a, token: short, role: viewer}\n",
                        "http.auth.tokens 'a': the token is shorter than 16 characters"),
                Arguments.of("unknown role", "http:\n  auth:\n    tokens:\n      - {name: a, token: " + TOKEN + ", role: admin}\n",
                        "http.auth.tokens[0]: unknown role 'admin'"),
                Arguments.of("token without role", "http:\n  auth:\n    tokens:\n      - {name: a, token: " + TOKEN + "}\n",
                        "http.auth.tokens[0]: every token needs name, token"),
                Arguments.of("one token name twice", "http:\n  auth:\n    tokens:\n      - {name: a, token: " + TOKEN + ", role: viewer}\n"
                        + "      - {name: a, token: " + TOKEN + "x, role: viewer}\n", "http.auth.tokens: the name 'a' is used twice"),
                Arguments.of("missing keystore", "http:\n  tls: {keystore: " + dir.resolve("none.p12") + ", password: x}\n",
                        "http.tls.keystore: " + dir.resolve("none.p12") + " does not exist"),
                Arguments.of("wrong keystore password", "http:\n  tls: {keystore: " + dir.resolve("https.p12") + ", password: wrong}\n",
                        "https.p12 (PKCS12) cannot be opened"),
                Arguments.of("keystore that is a FIFO, which would never end", "http:\n  tls: {keystore: " + dir.resolve("fifo")
                        + ", password: x}\n", "http.tls.keystore: " + dir.resolve("fifo") + " is not a regular file"),
                Arguments.of("command-config that is a FIFO", "cluster:\n  command-config: " + dir.resolve("fifo") + "\n",
                        "cluster.command-config: " + dir.resolve("fifo") + " is not a regular file"),
                Arguments.of("metrics protected by no token", "http:\n  auth: {protect-metrics: true}\n",
                        "http.auth.protect-metrics: true, but no token could pass it"),
                Arguments.of("keystore without a path", "http:\n  tls: {password: x}\n", "http.tls.keystore: missing"),
                Arguments.of("http host that does not resolve", "http:\n  host: no-such-host.invalid\n",
                        "http.host: 'no-such-host.invalid' does not resolve"),
                Arguments.of("http host of another machine", "http:\n  host: 192.0.2.1\n",
                        "http.host: '192.0.2.1' (192.0.2.1) is not an address of this host"),
                Arguments.of("missing command-config", "cluster:\n  command-config: " + dir.resolve("none.properties") + "\n",
                        "none.properties does not exist"),
                Arguments.of("unknown security protocol", "cluster:\n  client: {security.protocol: NOPE}\n",
                        "cluster.client: cannot connect to Kafka"),
                Arguments.of("Connect user without password", "cluster:\n  connect: {urls: ['http://127.0.0.1:1'], username: u}\n",
                        "cluster.connect: Connect basic auth needs both a username and a password"),
                Arguments.of("Connect URL that is not one", "cluster:\n  connect: {urls: ['not a url']}\n", "cluster.connect: "),
                Arguments.of("registry user without password", "cluster:\n  schema-registry: {urls: ['http://127.0.0.1:1'], username: u}\n",
                        "cluster.schema-registry: Schema Registry basic auth needs both"),
                Arguments.of("unknown playbook action", "heal:\n  playbooks:\n    - name: p\n      steps: [{action: reboot}]\n",
                        "heal.playbooks[0].steps[0].action: 'reboot' is not one of"),
                Arguments.of("playbook workdir missing", "heal:\n  state-dir: " + dir + "\n  playbooks:\n    - name: p\n      steps: "
                        + "[{action: command, command: [true], workdir: " + dir.resolve("none") + "}]\n", "is not a directory"),
                // accepted by both
                Arguments.of("nothing but the basics", "", null),
                Arguments.of("channels, tokens, rules", "alerts:\n  rules:\n    - {name: r, check: consumer-lag, warning: 10, severity: warning}\n"
                        + "notifiers:\n  journal: {type: log}\n  hook: {type: webhook, url: 'http://127.0.0.1:1/x'}\n"
                        + "  am: {type: alertmanager, urls: ['http://127.0.0.1:1'], console-url: 'https://warden.example.com'}\n"
                        + "http:\n  host: 127.0.0.1\n  auth:\n    tokens:\n      - {name: a, token: " + TOKEN + ", role: operator}\n", null),
                Arguments.of("https for the metrics alone", "http:\n  host: 127.0.0.1\n  tls: {keystore: " + dir.resolve("https.p12")
                        + ", password: keystore-pass}\n", null),
                Arguments.of("a playbook", "heal:\n  state-dir: " + dir.resolve("state") + "\n  playbooks:\n    - name: p\n"
                        + "      steps: [{action: command, command: [true]}, {action: notify-only}]\n", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void validateAndTheDaemonAgree(String name, String sections, String problem) throws Exception {
        Path file = Files.writeString(dir.resolve(name.replace(' ', '-') + ".yaml"), base(sections));

        Cli validate = Cli.run("config", "validate", file.toString());
        Cli watch = Cli.run("watch", "--config", file.toString(), "--once");

        if (problem == null) {
            assertThat(validate.exitCode()).as(validate.err()).isZero();
            assertThat(watch.exitCode()).as(watch.err()).isBetween(0, 3);
            return;
        }
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isEqualTo(78);
        assertThat(watch.exitCode()).as(watch.err()).isEqualTo(78);
        List<String> problems = validate.err().lines().map(l -> l.replaceFirst("^warden: ", "").strip())
                .filter(l -> l.startsWith(file + ":")).toList();
        assertThat(problems).as(validate.err()).isNotEmpty().anySatisfy(l -> assertThat(l).contains(problem));
        assertThat(problems).allSatisfy(l -> assertThat(watch.err()).contains(l).doesNotContain("unexpected error"));
    }

    /** Every config watches nothing reachable and keeps its files in the test's directory. */
    private static String base(String sections) {
        String cluster = sections.startsWith("cluster:") ? sections.replaceFirst("cluster:\n", "")
                : "";
        String rest = sections.startsWith("cluster:") ? "" : sections;
        return "cluster:\n  bootstrap-servers: 127.0.0.1:1\n" + cluster
                + "watch:\n  timeout: 1s\n"
                + "audit:\n  file: " + dir.resolve("audit.jsonl") + "\n"
                + (rest.startsWith("alerts:") ? rest.replaceFirst("alerts:\n", "alerts:\n  silences-file: " + dir.resolve("silences.json") + "\n")
                : "alerts:\n  silences-file: " + dir.resolve("silences.json") + "\n" + rest);
    }
}
