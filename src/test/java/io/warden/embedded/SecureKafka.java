package io.warden.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.security.scram.ScramCredential;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.authorizer.Authorizer;
import org.awaitility.Awaitility;

/**
 * A secured KRaft cluster in this JVM, as Warden's users run Kafka: one controller and two
 * brokers, an authorizer that denies what no ACL allows, and two client listeners —
 * <ul>
 *   <li>{@link #saslSslBootstrap()}: SASL_SSL with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, and
 *       OAUTHBEARER with Kafka's unsecured JWTs ({@link #oauthClientProperties}): the broker takes any
 *       unsigned token that is not expired and has a {@code sub} claim, whose value is the principal;</li>
 *   <li>{@link #mtlsBootstrap()}: SSL with client certificates required; the certificate's
 *       {@code CN=alice} is the principal {@code User:alice}.</li>
 * </ul>
 * Certificates come from a CA made once per JVM ({@link TestCertificates}); every broker's
 * certificate is valid for a year except broker {@link #shortLivedBroker()}'s, which expires in
 * {@value #SHORT_LIVED_DAYS} days. The super users are {@link #ADMIN} and {@code User:ANONYMOUS}, the
 * principal of the PLAINTEXT listeners between the nodes, which tests never use.
 *
 * <p>One cluster per test class: {@code static SecureKafka kafka = SecureKafka.start();} in
 * {@code @BeforeAll}, {@code kafka.close()} in {@code @AfterAll}.
 */
public final class SecureKafka implements AutoCloseable {

    public static final String PLAIN = "PLAIN";
    public static final String SCRAM_SHA_256 = "SCRAM-SHA-256";
    public static final String SCRAM_SHA_512 = "SCRAM-SHA-512";
    public static final List<String> MECHANISMS = List.of(PLAIN, SCRAM_SHA_256, SCRAM_SHA_512);
    /** Not in {@link #MECHANISMS}: it logs in with a token, not a password. */
    public static final String OAUTHBEARER = "OAUTHBEARER";
    static final String OAUTH_LOGIN_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";

    /** The super user; its password is {@link #ADMIN_PASSWORD}. */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret-5d1e";
    public static final int SHORT_LIVED_DAYS = 5;
    static final int LONG_LIVED_DAYS = 365;

    private static final String SASL_LISTENER = "SASL_SSL";
    private static final String MTLS_LISTENER = "MTLS";
    private static final String INTERNAL_LISTENER = "EXTERNAL"; // the test kit's name for the broker listener
    private static final Duration PROPAGATION = Duration.ofSeconds(30);

    /**
     * One CA and its keystores serve every secure cluster of this JVM, so keytool runs once for all
     * the test classes, not once per class; the certificates a cluster needs are issued when missing.
     */
    private static TestCertificates sharedCertificates;
    private static final java.util.Set<String> ISSUED = new java.util.HashSet<>();
    private static final java.util.concurrent.atomic.AtomicInteger CLIENTS = new java.util.concurrent.atomic.AtomicInteger();

    private final KafkaClusterTestKit cluster;
    private final Path dir;
    private final TestCertificates certificates;
    private final String usersTable;
    private final Admin admin;
    private final Map<String, Path> clientKeystores = new ConcurrentHashMap<>();

    private SecureKafka(KafkaClusterTestKit cluster, Path dir, TestCertificates certificates, String usersTable) {
        this.cluster = cluster;
        this.dir = dir;
        this.certificates = certificates;
        this.usersTable = usersTable;
        this.admin = Admin.create(clientProperties(ADMIN, ADMIN_PASSWORD, SCRAM_SHA_512));
    }

    /** Starts one controller and two brokers and waits until the admin can work on both. */
    public static SecureKafka start() {
        return start(2);
    }

    /** Starts one controller and {@code brokers} brokers (at least 2); the last broker's certificate is short-lived. */
    public static SecureKafka start(int brokers) {
        if (brokers < 2) {
            throw new IllegalArgumentException("a secure cluster has at least 2 brokers, was " + brokers);
        }
        String usersTable = UUID.randomUUID().toString();
        Path dir = null;
        KafkaClusterTestKit cluster = null;
        try {
            dir = Files.createTempDirectory("warden-secure-kafka-");
            var requests = new ArrayList<TestCertificates.Request>();
            for (int id = 0; id < brokers; id++) {
                int days = id == brokers - 1 ? SHORT_LIVED_DAYS : LONG_LIVED_DAYS;
                requests.add(new TestCertificates.Request(brokerAlias(id, brokers), "broker-" + id, days));
            }
            TestCertificates certificates = issue(requests);

            Map<Integer, Map<String, String>> perBroker = new HashMap<>();
            for (int id = 0; id < brokers; id++) {
                perBroker.put(id, brokerSecurity(certificates, brokerAlias(id, brokers), usersTable));
            }
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setCombined(false)
                    .setNumControllerNodes(1)
                    .setNumBrokerNodes(brokers)
                    .setPerServerProperties(perBroker)
                    .setBaseDirectory(dir.resolve("data"))
                    .setBootstrapMetadata(EmbeddedKafka.productionFeatures())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            EmbeddedKafka.defaults(brokers).forEach(builder::setConfigProp);
            builder.setConfigProp("listener.security.protocol.map", INTERNAL_LISTENER + ":PLAINTEXT,CONTROLLER:PLAINTEXT,"
                    + SASL_LISTENER + ":SASL_SSL," + MTLS_LISTENER + ":SSL");
            builder.setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            builder.setConfigProp("allow.everyone.if.no.acl.found", "false");
            builder.setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
            PlainUsers.table(usersTable).put(ADMIN, ADMIN_PASSWORD);
            cluster = builder.build();
            EmbeddedKafka.formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            // the admin's SCRAM credentials are made over the PLAINTEXT listener between the nodes
            try (Admin bootstrap = cluster.admin()) {
                addScramCredentials(cluster, ADMIN, ADMIN_PASSWORD, bootstrap);
            }
            return new SecureKafka(cluster, dir, certificates, usersTable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            PlainUsers.drop(usersTable);
            EmbeddedKafka.closeQuietly(cluster);
            if (dir != null) {
                deleteQuietly(dir);
            }
            throw new IllegalStateException("interrupted while starting secure Kafka", e);
        } catch (Exception e) {
            PlainUsers.drop(usersTable);
            EmbeddedKafka.closeQuietly(cluster);
            if (dir != null) {
                deleteQuietly(dir);
            }
            throw new IllegalStateException("secure Kafka did not start: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> brokerSecurity(TestCertificates certificates, String alias, String usersTable) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listeners", INTERNAL_LISTENER + "://localhost:0," + SASL_LISTENER + "://localhost:0,"
                + MTLS_LISTENER + "://localhost:0");
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", certificates.keystore(alias).toString());
        props.put("ssl.keystore.password", certificates.password());
        props.put("ssl.key.password", certificates.password());
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", certificates.truststore().toString());
        props.put("ssl.truststore.password", certificates.password());
        props.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+).*$/$1/,DEFAULT");
        String mtls = "listener.name." + MTLS_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        props.put(mtls + "ssl.client.auth", "required");
        String sasl = "listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        props.put(sasl + "sasl.enabled.mechanisms", String.join(",", MECHANISMS) + "," + OAUTHBEARER);
        props.put(sasl + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                + PlainUsers.TABLE_OPTION + "=\"" + usersTable + "\";");
        props.put(sasl + "plain.sasl.server.callback.handler.class", PlainUsers.class.getName());
        for (String scram : List.of(SCRAM_SHA_256, SCRAM_SHA_512)) {
            props.put(sasl + scram.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        // Kafka's default server callback handler for OAUTHBEARER validates unsecured (unsigned) JWTs;
        // the broker's own token is used only if it logs in to another broker with it, which it does not
        props.put(sasl + "oauthbearer.sasl.jaas.config", OAUTH_LOGIN_MODULE + " required unsecuredLoginStringClaim_sub=\""
                + ADMIN + "\";");
        return props;
    }

    /** Broker {@code id}'s keystore in a cluster of {@code brokers}: the last one's certificate is short-lived. */
    private static String brokerAlias(int id, int brokers) {
        return "broker-" + id + "-" + (id == brokers - 1 ? SHORT_LIVED_DAYS : LONG_LIVED_DAYS) + "d";
    }

    /** The shared certificates, with those of {@code requests} issued if they were not yet. */
    private static synchronized TestCertificates issue(List<TestCertificates.Request> requests) throws IOException {
        if (sharedCertificates == null) {
            Path tls = Files.createTempDirectory("warden-secure-tls-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(tls)));
            sharedCertificates = TestCertificates.newAuthority(tls, "Warden Test CA", "store-" + UUID.randomUUID());
        }
        var missing = requests.stream().filter(r -> !ISSUED.contains(r.alias())).toList();
        if (!missing.isEmpty() || !Files.exists(sharedCertificates.truststore())) {
            sharedCertificates.issue(missing);
            missing.forEach(r -> ISSUED.add(r.alias()));
        }
        return sharedCertificates;
    }

    // ---- where to connect

    /** host:port of every broker's SASL_SSL listener. */
    public String saslSslBootstrap() {
        return bootstrap(SASL_LISTENER);
    }

    /** host:port of every broker's SSL listener that requires a client certificate. */
    public String mtlsBootstrap() {
        return bootstrap(MTLS_LISTENER);
    }

    private String bootstrap(String listener) {
        return cluster.brokers().values().stream()
                .map(b -> "localhost:" + b.boundPort(ListenerName.normalised(listener)))
                .collect(Collectors.joining(","));
    }

    /** host:port of one broker's SASL_SSL listener. */
    public String saslSslAddress(int brokerId) {
        return "localhost:" + EmbeddedKafka.broker(cluster, brokerId).boundPort(ListenerName.normalised(SASL_LISTENER));
    }

    public List<Integer> brokerIds() {
        return cluster.brokers().keySet().stream().sorted().toList();
    }

    // ---- client settings

    /**
     * Client properties (bootstrap, security protocol, JAAS, truststore) for {@code user} over
     * SASL_SSL with {@code mechanism} ({@link #PLAIN}, {@link #SCRAM_SHA_256}, {@link #SCRAM_SHA_512}).
     */
    public Properties clientProperties(String user, String password, String mechanism) {
        if (!MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException("mechanism must be one of " + MECHANISMS + ", was " + mechanism);
        }
        String module = mechanism.equals(PLAIN) ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        Properties props = trusting(saslSslBootstrap());
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", mechanism);
        props.put("sasl.jaas.config", module + " required username=\"" + jaasQuoted(user)
                + "\" password=\"" + jaasQuoted(password) + "\";");
        return props;
    }

    /**
     * Client properties for OAUTHBEARER over SASL_SSL with an unsecured JWT whose {@code sub} claim
     * is {@code subject}, so the principal is {@code User:subject}. Kafka's default client login
     * callback handler makes the token; no identity provider is involved.
     */
    public Properties oauthClientProperties(String subject) {
        Properties props = trusting(saslSslBootstrap());
        props.put("security.protocol", "SASL_SSL");
        props.put("sasl.mechanism", OAUTHBEARER);
        props.put("sasl.jaas.config", OAUTH_LOGIN_MODULE + " required unsecuredLoginStringClaim_sub=\""
                + jaasQuoted(subject) + "\";");
        return props;
    }

    /** The super user's client properties (SCRAM-SHA-512 over SASL_SSL). */
    public Properties adminProperties() {
        return clientProperties(ADMIN, ADMIN_PASSWORD, SCRAM_SHA_512);
    }

    /**
     * Client properties for the mTLS listener, presenting a certificate with {@code CN=commonName}
     * signed by the cluster's CA (made on first use), so the principal is {@code User:commonName}.
     */
    public Properties mtlsClientProperties(String commonName) {
        Path keystore = clientKeystores.computeIfAbsent(commonName, cn -> {
            String alias = "client-" + CLIENTS.incrementAndGet() + "-" + cn.replaceAll("[^A-Za-z0-9]", "_");
            try {
                return issue(List.of(new TestCertificates.Request(alias, cn, LONG_LIVED_DAYS))).keystore(alias);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Properties props = trusting(mtlsBootstrap());
        props.put("security.protocol", "SSL");
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", certificates.password());
        props.put("ssl.key.password", certificates.password());
        return props;
    }

    private Properties trusting(String bootstrap) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("ssl.truststore.type", "PKCS12");
        props.put("ssl.truststore.location", certificates.truststore().toString());
        props.put("ssl.truststore.password", certificates.password());
        return props;
    }

    /**
     * Writes {@code props} as a {@code --command-config} file, without {@code bootstrap.servers}
     * (pass {@code --bootstrap-server} as operators do), and returns its path.
     */
    public Path writeCommandConfig(Properties props) {
        Properties file = new Properties();
        file.putAll(props);
        file.remove("bootstrap.servers");
        try {
            Path path = Files.createTempFile(dir, "client-", ".properties");
            try (OutputStream out = Files.newOutputStream(path)) {
                file.store(out, null);
            }
            return path;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write client properties in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@link #writeCommandConfig} of {@link #clientProperties}. */
    public Path commandConfig(String user, String password, String mechanism) {
        return writeCommandConfig(clientProperties(user, password, mechanism));
    }

    /** The CA's PKCS12 truststore and the password of every store the cluster made. */
    public Path truststore() {
        return certificates.truststore();
    }

    public String storePassword() {
        return certificates.password();
    }

    // ---- users and ACLs

    /** The super user's Admin client (SCRAM-SHA-512 over SASL_SSL); closed with the cluster. */
    public Admin admin() {
        return admin;
    }

    /**
     * Adds a user who can log in with {@code password} by PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512,
     * and returns once every broker accepts it. The user has no ACLs.
     */
    public void createUser(String name, String password) {
        PlainUsers.table(usersTable).put(name, password);
        addScramCredentials(cluster, name, password, admin);
    }

    private static void addScramCredentials(KafkaClusterTestKit cluster, String name, String password, Admin via) {
        try {
            // one request may alter a user's credentials only once
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                via.alterUserScramCredentials(List.of(
                        new UserScramCredentialUpsertion(name, new ScramCredentialInfo(mechanism, 4096), password))).all().get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create SCRAM credentials for " + name + ": " + e.getMessage(), e);
        }
        awaitOnEveryBroker(cluster, "SCRAM credentials of " + name, broker -> List.of(SCRAM_SHA_256, SCRAM_SHA_512).stream()
                .allMatch(m -> broker.credentialProvider().credentialCache.cache(m, ScramCredential.class).get(name) != null));
    }

    /** {@code ALLOW} ACLs for {@code User:user} on {@code resource} from any host, one per operation. */
    public static List<AclBinding> allow(String user, ResourcePattern resource, AclOperation... operations) {
        var bindings = new ArrayList<AclBinding>();
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(resource,
                    new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW)));
        }
        return bindings;
    }

    /** Creates the ACLs and returns once every broker enforces them. */
    public void grant(Collection<AclBinding> acls) {
        try {
            admin.createAcls(acls).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create ACLs " + acls + ": " + e.getMessage(), e);
        }
        awaitOnEveryBroker(cluster, "ACLs " + acls, broker -> acls.stream().allMatch(acl -> !matching(broker, acl.toFilter()).isEmpty()));
    }

    /** Deletes the ACLs matching each filter and returns once no broker enforces them any more. */
    public void revoke(Collection<AclBindingFilter> filters) {
        try {
            admin.deleteAcls(filters).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot delete ACLs " + filters + ": " + e.getMessage(), e);
        }
        awaitOnEveryBroker(cluster, "removal of ACLs " + filters,
                broker -> filters.stream().allMatch(filter -> matching(broker, filter).isEmpty()));
    }

    /** Deletes every ACL of {@code User:user}. */
    public void revokeAll(String user) {
        revoke(List.of(new AclBindingFilter(org.apache.kafka.common.resource.ResourcePatternFilter.ANY,
                new org.apache.kafka.common.acl.AccessControlEntryFilter("User:" + user, null, AclOperation.ANY,
                        AclPermissionType.ANY))));
    }

    private static List<AclBinding> matching(BrokerServer broker, AclBindingFilter filter) {
        Authorizer authorizer = broker.authorizerPlugin().get().get();
        return StreamSupport.stream(authorizer.acls(filter).spliterator(), false).toList();
    }

    private static void awaitOnEveryBroker(KafkaClusterTestKit cluster, String what, Predicate<BrokerServer> applied) {
        Awaitility.await(what + " on every broker").atMost(PROPAGATION).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.brokers().values().stream().allMatch(applied));
    }

    // ---- certificates

    /** When each broker's certificate (as configured on its TLS listeners) stops being valid. */
    public Map<Integer, Instant> brokerCertificateNotAfter() {
        Map<Integer, Instant> notAfter = new LinkedHashMap<>();
        brokerIds().forEach(id -> notAfter.put(id, certificates.notAfter(brokerAlias(id, brokerIds().size()))));
        return notAfter;
    }

    /** The broker whose certificate expires in {@value #SHORT_LIVED_DAYS} days. */
    public int shortLivedBroker() {
        List<Integer> ids = brokerIds();
        return ids.get(ids.size() - 1);
    }

    @Override
    public void close() {
        try {
            admin.close(Duration.ofSeconds(5));
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("secure Kafka did not shut down cleanly: " + e.getMessage(), e);
        } finally {
            PlainUsers.drop(usersTable);
            deleteQuietly(dir);
        }
    }

    private static String jaasQuoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is not worth failing a test for
        }
    }
}
