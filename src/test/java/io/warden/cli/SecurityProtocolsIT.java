package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.ReadyTopics;
import io.warden.embedded.SecureKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every security setup Warden's users run — SASL_SSL with PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 and
 * OAUTHBEARER, and SSL with client certificates — serves {@code status}, {@code lag} and the daemon
 * ({@code watch --once} with the same properties in {@code cluster.client}, secrets from the
 * environment) for a principal with exactly the ACLs docs/permissions.md names for watching and
 * lag; a wrong OAUTHBEARER setup is one line saying what to fix, and no secret is ever shown.
 */
class SecurityProtocolsIT {

    static SecureKafka kafka;

    @TempDir
    static Path dir;

    /** One way to log in: its client properties and the ${ENV} values its warden.yaml needs. */
    record Login(String name, String bootstrap, Properties props, Map<String, String> env) {
    }

    @BeforeAll
    static void cluster() throws Exception {
        kafka = SecureKafka.start();
        ReadyTopics.create(kafka.admin(), List.of(new NewTopic("payments", 2, (short) 2)));
        try (var producer = new KafkaProducer<>(kafka.adminProperties(), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>("payments", i % 2, "k" + i, "v" + i));
            }
            producer.flush();
        }
        Properties consumer = kafka.adminProperties();
        consumer.put("group.id", "settlement");
        try (var settlement = new KafkaConsumer<>(consumer, new StringDeserializer(), new StringDeserializer())) {
            settlement.commitSync(Map.of(new TopicPartition("payments", 0), new OffsetAndMetadata(3),
                    new TopicPartition("payments", 1), new OffsetAndMetadata(4)));
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    /** The ACLs docs/permissions.md gives for watching and for lag with seconds, for {@code principal}. */
    private static void grantWatching(String principal) throws IOException {
        var acls = new ArrayList<AclBinding>();
        for (var section : PermissionsDocIT.sections(Files.readAllLines(PermissionsDocIT.DOC, StandardCharsets.UTF_8))) {
            if (section.title().startsWith("Watching:") || section.title().startsWith("Lag with seconds:")) {
                section.acls().forEach(line -> acls.addAll(PermissionsDocIT.parseAcl(line, principal)));
            }
        }
        assertThat(acls).isNotEmpty();
        kafka.grant(acls);
    }

    private static Login sasl(String mechanism, String user) {
        String password = "s3cret-" + mechanism.toLowerCase(java.util.Locale.ROOT) + "-7Qz";
        kafka.createUser(user, password);
        return new Login(mechanism, kafka.saslSslBootstrap(), kafka.clientProperties(user, password, mechanism),
                Map.of("KAFKA_PASSWORD", password, "STORE_PASSWORD", kafka.storePassword()));
    }

    @Test
    void everyProtocolShowsTheBrokersTheTopicAndTheGroupsLagInStatusLagAndTheDaemon() throws Exception {
        List<Login> logins = List.of(sasl(SecureKafka.PLAIN, "plain-user"), sasl(SecureKafka.SCRAM_SHA_256, "scram256-user"),
                sasl(SecureKafka.SCRAM_SHA_512, "scram512-user"),
                new Login("mTLS", kafka.mtlsBootstrap(), kafka.mtlsClientProperties("mtls-user"),
                        Map.of("STORE_PASSWORD", kafka.storePassword())),
                new Login(SecureKafka.OAUTHBEARER, kafka.saslSslBootstrap(), kafka.oauthClientProperties("oauth-user"),
                        Map.of("STORE_PASSWORD", kafka.storePassword())));
        for (String principal : List.of("plain-user", "scram256-user", "scram512-user", "mtls-user", "oauth-user")) {
            grantWatching("User:" + principal);
        }
        // the daemons run in processes of their own, with the secrets in their environment, while status and lag run here
        Map<Login, Watch> watches = new LinkedHashMap<>();
        for (Login login : logins) {
            watches.put(login, Watch.start(login.name(), daemonConfig(login), login.env()));
        }
        for (Login login : logins) {
            Path commandConfig = kafka.writeCommandConfig(login.props());
            Cli status = Cli.run("status", "--bootstrap-server", login.bootstrap(), "--command-config", commandConfig.toString(),
                    "--timeout", "10s");
            // critical only for the broker certificate that expires in 5 days
            assertThat(status.exitCode()).as(login.name() + ": " + status.out() + status.err()).isEqualTo(2);
            assertThat(status.out()).as(login.name()).contains("Brokers     2 up, 0 down")
                    .containsPattern("(?m)^  0 +localhost +\\d+ .* up ").containsPattern("(?m)^  1 +localhost +\\d+ .* up ")
                    .containsPattern("(?m)^  settlement +CLASSIC +EMPTY +0 +13 ");
            Cli lag = Cli.run("lag", "--bootstrap-server", login.bootstrap(), "--command-config", commandConfig.toString(),
                    "--timeout", "10s");
            assertThat(lag.exitCode()).as(login.name() + ": " + lag.out() + lag.err()).isZero();
            assertThat(lag.out()).as(login.name()).contains("GROUP settlement", "lag=13")
                    .containsPattern("(?m)^  payments +0 +3 +10 +7 +\\d").containsPattern("(?m)^  payments +1 +4 +10 +6 +\\d");
            for (Cli cli : List.of(status, lag)) {
                assertThat(cli.out() + cli.err()).as(login.name()).doesNotContain("kafka-acls", "may lack", "warning");
                showsNoSecret(login, cli.out() + cli.err());
            }
        }
        for (var entry : watches.entrySet()) {
            Login login = entry.getKey();
            Watch watch = entry.getValue().await();
            assertThat(watch.exitCode()).as(login.name() + ": " + watch.output()).isEqualTo(2);
            assertThat(watch.output()).as(login.name()).contains("brokers 2 up 0 down",
                    "WARNING  group settlement is 13 messages (age unknown) behind on payments")
                    .doesNotContain("kafka-acls", "failed for", "unreachable");
            showsNoSecret(login, watch.output());
            showsNoSecret(login, Files.readString(watch.audit()));
        }
    }

    @Test
    void aWrongOauthbearerSetupIsOneLineSayingWhatToFixAndShowsNoSecret() throws Exception {
        String bootstrap = kafka.saslSslBootstrap();
        String secret = "s3cret-oauth-client-9Kx";
        String module = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required ";
        Properties noSubject = kafka.oauthClientProperties("oauth-user");
        noSubject.put("sasl.jaas.config", module + "unsecuredLoginPrincipalClaimName=\"user\" "
                + "unsecuredLoginStringClaim_user=\"oauth-user\" clientSecret=\"" + secret + "\";");
        Properties noJaas = kafka.oauthClientProperties("oauth-user");
        noJaas.remove("sasl.jaas.config");
        Properties plainModule = kafka.clientProperties("plain-user", secret, SecureKafka.PLAIN);
        plainModule.put("sasl.mechanism", SecureKafka.OAUTHBEARER);
        Properties identityProvider = kafka.oauthClientProperties("oauth-user");
        identityProvider.put("sasl.login.callback.handler.class", "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler");
        identityProvider.put("sasl.oauthbearer.token.endpoint.url", "http://127.0.0.1:1/token");
        identityProvider.put("sasl.login.retry.backoff.max.ms", "200");
        identityProvider.put("sasl.jaas.config", module + "clientId=\"warden\" clientSecret=\"" + secret + "\";");
        String oauth = "warden: authentication failed for mechanism OAUTHBEARER at " + bootstrap + ": ";

        // the daemon with the rejected token, the secret from its environment; an identity provider that does not answer
        Path daemon = Files.writeString(dir.resolve("rejected.yaml"), """
                cluster:
                  bootstrap-servers: %s
                  client:
                    security.protocol: SASL_SSL
                    sasl.mechanism: OAUTHBEARER
                    sasl.jaas.config: '%sunsecuredLoginPrincipalClaimName="user" unsecuredLoginStringClaim_user="oauth-user" clientSecret="${OAUTH_SECRET}";'
                    ssl.truststore.location: %s
                    ssl.truststore.password: ${STORE_PASSWORD}
                watch: {timeout: 10s}
                http: {port: -1}
                audit: {file: %s}
                """.formatted(bootstrap, module, kafka.truststore(), dir.resolve("rejected.jsonl")));
        Watch rejected = Watch.start("rejected", daemon, Map.of("OAUTH_SECRET", secret, "STORE_PASSWORD", kafka.storePassword()));
        Path idp = kafka.writeCommandConfig(identityProvider);
        List<String> allowed = List.of("-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=http://127.0.0.1:1/token");
        Watch unreachable = Watch.launch("unreachable", allowed,
                List.of("status", "--bootstrap-server", bootstrap, "--command-config", idp.toString(), "--timeout", "10s"), Map.of());
        // the daemon starts while the identity provider is down, and says why each cycle fails
        Path idpDaemon = Files.writeString(dir.resolve("idp.yaml"), "cluster:\n  bootstrap-servers: " + bootstrap + "\n  command-config: "
                + idp + "\nhttp: {port: -1}\naudit: {file: " + dir.resolve("idp.jsonl") + "}\n");
        Watch idpDown = Watch.launch("idp", allowed, List.of("watch", "--once", "--config", idpDaemon.toString()), Map.of());

        Cli cli = status(bootstrap, noSubject);
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(69);
        assertThat(cli.err().strip()).isEqualTo(oauth + "the brokers rejected the token (invalid_token): check its claims "
                + "(subject, scope, audience, issuer) and lifetime against what the brokers validate, and sasl.jaas.config, "
                + "sasl.login.callback.handler.class and sasl.oauthbearer.* in --command-config");
        assertThat(cli.out() + cli.err()).doesNotContain(secret);

        cli = status(bootstrap, plainModule);
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(69);
        assertThat(cli.err().strip()).isEqualTo(oauth + "no token to send: sasl.jaas.config in --command-config must use "
                + "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule for sasl.mechanism OAUTHBEARER");
        assertThat(cli.out() + cli.err()).doesNotContain(secret);

        cli = status(bootstrap, noJaas);
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(78);
        String needsJaas = "sasl.mechanism OAUTHBEARER needs sasl.jaas.config, a JAAS line such as "
                + "'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;'";
        assertThat(cli.err().strip()).isEqualTo("warden: " + needsJaas);

        Path noJaasDaemon = Files.writeString(dir.resolve("no-jaas.yaml"), """
                cluster:
                  bootstrap-servers: %s
                  client: {security.protocol: SASL_SSL, sasl.mechanism: OAUTHBEARER}
                """.formatted(bootstrap));
        cli = Cli.run("watch", "--once", "--config", noJaasDaemon.toString());
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(78);
        assertThat(cli.err().strip()).isEqualTo("warden: " + noJaasDaemon + ":3:11: cluster.client: " + needsJaas);

        cli = status(bootstrap, identityProvider);
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(78);
        assertThat(cli.err().strip()).isEqualTo("warden: Kafka's client calls an OAuth URL (sasl.oauthbearer.token.endpoint.url, "
                + "sasl.oauthbearer.jwks.endpoint.url) only when the JVM allows it: run Warden with "
                + "WARDEN_JAVA_OPTS=\"-Dorg.apache.kafka.sasl.oauthbearer.allowed.urls=URL[,URL...]\"");
        assertThat(cli.out() + cli.err()).doesNotContain(secret);

        unreachable = unreachable.await();
        assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(69);
        assertThat(unreachable.output().strip()).isEqualTo("warden: login for mechanism OAUTHBEARER failed before connecting to "
                + bootstrap + ": Connection refused (check that the token endpoint "
                + "http://127.0.0.1:1/token (sasl.oauthbearer.token.endpoint.url) is reachable from here and the client "
                + "credentials; --verbose logs Kafka's reason)");
        assertThat(unreachable.output()).doesNotContain(secret);

        idpDown = idpDown.await();
        assertThat(idpDown.exitCode()).as(idpDown.output()).isEqualTo(69);
        assertThat(idpDown.output().lines().filter(l -> l.startsWith("warden: ")).toList()).containsExactly("warden: login for "
                + "mechanism OAUTHBEARER failed before connecting to " + bootstrap + ": Connection refused (check that the token "
                + "endpoint http://127.0.0.1:1/token (sasl.oauthbearer.token.endpoint.url) is reachable from here and the client "
                + "credentials; --verbose logs Kafka's reason)");
        assertThat(idpDown.output()).doesNotContain(secret, "\tat ");

        rejected = rejected.await();
        assertThat(rejected.exitCode()).as(rejected.output()).isBetween(1, 3);
        assertThat(rejected.output()).contains("authentication failed for mechanism OAUTHBEARER at " + bootstrap
                + ": the brokers rejected the token (invalid_token)").doesNotContain("\tat ", "Exception");
        for (String text : List.of(rejected.output(), Files.readString(rejected.audit()))) {
            assertThat(text).doesNotContain(secret, kafka.storePassword());
        }
    }

    private static Cli status(String bootstrap, Properties props) {
        return Cli.run("status", "--bootstrap-server", bootstrap, "--command-config", kafka.writeCommandConfig(props).toString(),
                "--timeout", "10s");
    }

    /** warden.yaml for {@code login}: its client properties in cluster.client, each secret as ${ENV}. */
    private static Path daemonConfig(Login login) throws IOException {
        Map<String, String> client = new TreeMap<>();
        login.props().stringPropertyNames().stream().filter(k -> !k.equals("bootstrap.servers"))
                .forEach(k -> client.put(k, reference(k, login.props().getProperty(k), login.env())));
        StringBuilder yaml = new StringBuilder("cluster:\n  bootstrap-servers: " + login.bootstrap() + "\n  client:\n");
        client.forEach((k, v) -> yaml.append("    ").append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
        yaml.append("checks: {lag: {warning: 10}}\nhttp: {port: -1}\naudit: {file: ").append(dir.resolve(login.name() + ".jsonl"))
                .append("}\n");
        return Files.writeString(dir.resolve(login.name() + ".yaml"), yaml);
    }

    private static String reference(String key, String value, Map<String, String> env) {
        String out = value;
        for (var e : env.entrySet()) {
            out = out.replace(e.getValue(), "${" + e.getKey() + "}");
        }
        assertThat(out).as(key).isEqualTo(key.endsWith("password") ? "${STORE_PASSWORD}" : out);
        return out;
    }

    private static void showsNoSecret(Login login, String text) {
        login.env().values().forEach(secret -> assertThat(text).as(login.name()).doesNotContain(secret));
        assertThat(text).doesNotContain("s3cret");
    }

    /** Warden (by default {@code watch --once --config FILE}) in a process of its own, its output in a file. */
    record Watch(Process process, Path log, Path audit, int exitCode, String output) {

        static Watch start(String name, Path config, Map<String, String> env) throws IOException {
            return launch(name, List.of(), List.of("watch", "--once", "--config", config.toString()), env);
        }

        static Watch launch(String name, List<String> jvmOptions, List<String> args, Map<String, String> env) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(jvmOptions);
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(args);
            Path log = dir.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new Watch(builder.start(), log, dir.resolve(name + ".jsonl"), -1, null);
        }

        Watch await() throws Exception {
            assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("watch --once ends").isTrue();
            return new Watch(process, log, audit, process.exitValue(), Files.readString(log));
        }
    }
}
