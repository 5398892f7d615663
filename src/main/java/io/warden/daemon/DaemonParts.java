package io.warden.daemon;

import io.warden.OutputFiles;
import io.warden.WardenException;
import io.warden.alert.AlertRule;
import io.warden.alert.DefaultRules;
import io.warden.audit.Redactor;
import io.warden.config.ConfigProblem;
import io.warden.config.LoadedConfig;
import io.warden.config.WardenConfig.ClusterConfig;
import io.warden.config.WardenConfig;
import io.warden.connect.ConnectClient;
import io.warden.dr.DrPair;
import io.warden.heal.ActionResources;
import io.warden.heal.Playbook;
import io.warden.heal.Playbooks;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.DeferredAdmin;
import io.warden.kafka.KafkaConnection;
import io.warden.notify.Notifier;
import io.warden.notify.Notifiers;
import io.warden.schemaregistry.SchemaRegistrySettings;
import io.warden.server.ApiSettings;
import io.warden.server.ApiToken;
import io.warden.server.HealthStatus;
import io.warden.server.PartitionSeries;
import io.warden.server.ServerSettings;
import io.warden.server.TlsSettings;
import io.warden.server.WardenMetrics;
import io.warden.server.WardenServer;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of the watch daemon built from a config, before anything starts: the files it writes
 * (audit trail, silences, healing state, log), its alert rules, notification channels and HTTP
 * settings (tokens, TLS keystore, address), and per cluster the Kafka client's settings (checked as
 * Kafka checks them, the client itself made when the cluster's watch starts), the Connect client
 * and the playbooks. {@code warden config validate} builds the same parts and throws them away,
 * so a file is valid exactly when the daemon starts with it. Every problem is collected, each at
 * its place in the file and without a secret; the files come first, and when only they are wrong
 * the exit code is 73 (cannot write), else 78.
 */
public final class DaemonParts implements AutoCloseable {

    /**
     * What one watched cluster is built from; {@code dr} is its DR pair, null without a {@code dr:}
     * section. Its Admin client is made when its watch starts.
     */
    record ClusterParts(ClusterConfig config, ConnectionSettings connection, DeferredAdmin admin, ConnectClient connect,
                        List<Playbook> playbooks, DrPair dr) {
    }

    /** A message that starts with the field it is about: {@code notifiers.x.port: ...}, {@code heal.playbooks[0] (name).steps[0]: ...}. */
    private static final Pattern LEADING_FIELD =
            Pattern.compile("([A-Za-z0-9_.\\-\\[\\]]+)(?: \\([^)]*\\))?([.\\[][A-Za-z0-9_.\\-\\[\\]]*)?: (.*)", Pattern.DOTALL);

    final WardenConfig config;
    final List<AlertRule> rules;
    final List<Notifier> notifiers;
    /** Where to serve HTTP; null when the endpoint is off. */
    final ServerSettings server;
    /** Who may use the API and whether it is served at all (not without tokens), and HTTPS; null when the endpoint is off. */
    final ApiSettings api;
    final List<ClusterParts> clusters;
    /** Which partitions of each group get lag series on /metrics. */
    final PartitionSeries partitionSeries;
    /** How this instance joins its fleet; null without {@code ha.group}. */
    final HaParts ha;

    /**
     * What joining a fleet takes: the topics and the partition of each cluster, this instance's
     * name, the home cluster and a client of it (made when the daemon starts), and the session timeout.
     */
    record HaParts(io.warden.daemon.ha.HaLayout layout, String instance, ConnectionSettings home, DeferredAdmin admin,
                   Duration sessionTimeout) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private DaemonParts(WardenConfig config, List<AlertRule> rules, List<Notifier> notifiers, ServerSettings server,
                        ApiSettings api, List<ClusterParts> clusters, PartitionSeries partitionSeries, HaParts ha) {
        this.config = config;
        this.rules = rules;
        this.notifiers = notifiers;
        this.server = server;
        this.api = api;
        this.clusters = clusters;
        this.partitionSeries = partitionSeries;
        this.ha = ha;
    }

    /**
     * Builds every part of the daemon for {@code config} (the file's, with the command line's
     * overrides), or throws one {@link WardenException} listing every problem.
     *
     * @param loaded   where each field stands in the file, and what the environment put into it
     * @param starting the daemon is about to start: missing directories of its files are made
     */
    public static DaemonParts build(LoadedConfig loaded, WardenConfig config, boolean starting) {
        Problems problems = new Problems(loaded);
        // the files first: a daemon that cannot keep its audit trail must not run, whatever else is right
        problems.output("audit.file", Path.of(config.audit().file()), starting);
        problems.output("alerts.silences-file", Path.of(config.alerts().silencesFile()), starting);
        if (!config.heal().playbooks().isEmpty()) {
            for (ClusterConfig c : config.watched()) {
                problems.output("heal.state-dir", Path.of(config.heal().stateDir()).resolve("heal-" + c.name() + ".json"), starting);
            }
        }
        if (config.logging().file() != null) {
            problems.output("logging.file", Path.of(config.logging().file()), starting);
        }
        List<AlertRule> rules = rules(config.alerts(), problems);
        List<Notifier> notifiers = notifiers(config.notifiers(), problems);
        ServerSettings server = null;
        ApiSettings api = null;
        TlsSettings tls = null;
        if (config.http().port() >= 0) {
            server = problems.part("http", () -> new ServerSettings(config.http().host(), config.http().port()));
            host(config.http().host(), problems);
            var t = config.http().tls();
            if (t != null && t.keystore() == null) {
                problems.add("http.tls.keystore", "missing; name the PKCS12 file with this host's key and certificate");
            } else if (t != null && problems.input("http.tls.keystore", Path.of(t.keystore()))) {
                tls = problems.part("http.tls", () -> new TlsSettings(Path.of(t.keystore()), t.password(), t.type()));
            }
            api = apiSettings(config.http(), tls, problems);
            if (tls != null && server != null) {
                TlsSettings keystore = tls;
                WardenMetrics unused = new WardenMetrics(Clock.systemUTC());
                // opens the keystore as the server will, without binding the port
                problems.part("http.tls", () -> new WardenServer(new ServerSettings("127.0.0.1", 0), unused,
                        new HealthStatus(unused, Clock.systemUTC(), Duration.ofMinutes(1)), new ApiSettings(false, List.of(), false, keystore),
                        null));
            }
        }
        PartitionSeries partitionSeries = partitionSeries(config.metrics(), problems);
        List<ClusterParts> clusters = new ArrayList<>();
        for (int i = 0; i < config.watched().size(); i++) {
            ClusterParts c = cluster(config, i, problems);
            if (c != null) {
                clusters.add(c);
            }
        }
        HaParts ha = config.ha().enabled() ? ha(config, problems) : null;
        DaemonParts parts = new DaemonParts(config, rules, notifiers, server, api, clusters, partitionSeries, ha);
        if (!problems.none()) {
            parts.close();
            throw problems.failure();
        }
        return parts;
    }

    /** What {@code config validate} reports: every problem the daemon would not start with, and the exit code. */
    public record Verdict(List<ConfigProblem> problems, int exitCode) {
    }

    /** Builds the daemon's parts as a start would, leaves nothing on disk, and releases them. */
    public static Verdict check(LoadedConfig loaded, WardenConfig config) {
        try (DaemonParts parts = build(loaded, config, false)) {
            return new Verdict(List.of(), 0);
        } catch (Rejected e) {
            return new Verdict(e.problems, e.exitCode());
        }
    }

    /** The notification channels alone, as the daemon builds them: what {@code notify test} sends through. */
    public static List<Notifier> notifiers(LoadedConfig loaded, WardenConfig config) {
        Problems problems = new Problems(loaded);
        List<Notifier> notifiers = notifiers(config.notifiers(), problems);
        if (!problems.none()) {
            notifiers.forEach(DaemonParts::close);
            throw problems.failure();
        }
        return notifiers;
    }

    /** The daemon would not start: every problem, in the order of {@link #build}. */
    private static final class Rejected extends WardenException {
        private final transient List<ConfigProblem> problems;

        Rejected(int exitCode, String message, List<ConfigProblem> problems) {
            super(exitCode, message);
            this.problems = List.copyOf(problems);
        }
    }

    private static PartitionSeries partitionSeries(WardenConfig.MetricsConfig metrics, Problems problems) {
        List<Pattern> groups = new ArrayList<>();
        for (int i = 0; i < metrics.partitionLag().size(); i++) {
            String regex = metrics.partitionLag().get(i);
            Pattern group = problems.part("metrics.partition-lag[" + i + "]", () -> PartitionSeries.group(regex));
            if (group != null) {
                groups.add(group);
            }
        }
        if (metrics.worstPartitions() < 0) {
            problems.add("metrics.worst-partitions", metrics.worstPartitions() + " is negative; give how many of each "
                    + "group's partitions get lag series, 0 for none");
        }
        return new PartitionSeries(groups, Math.max(0, metrics.worstPartitions()));
    }

    private static List<AlertRule> rules(WardenConfig.AlertsConfig alerts, Problems problems) {
        List<AlertRule> rules = new ArrayList<>();
        for (int i = 0; i < alerts.rules().size(); i++) {
            int index = i;
            AlertRule rule = problems.part("alerts.rules[" + i + "]", () -> AlertSetup.rule(alerts.rules().get(index), index));
            if (rule != null) {
                rules.add(rule);
            }
        }
        if (alerts.defaults()) {
            rules.addAll(DefaultRules.all());
        }
        return rules;
    }

    private static List<Notifier> notifiers(Map<String, Map<String, Object>> channels, Problems problems) {
        if (channels.isEmpty()) {
            return Notifiers.load(channels);
        }
        List<Notifier> out = new ArrayList<>();
        channels.forEach((name, settings) -> {
            Map<String, Map<String, Object>> one = new LinkedHashMap<>();
            one.put(name, settings);
            List<Notifier> built = problems.part("notifiers." + name, () -> Notifiers.load(one));
            if (built != null) {
                out.addAll(built);
            }
        });
        return out;
    }

    /**
     * The API is served when it can be secured (tokens configured) or was explicitly opened
     * ({@code http.auth.enabled: false}); otherwise only /metrics and /health, and the log says why.
     */
    private static ApiSettings apiSettings(WardenConfig.HttpConfig http, TlsSettings tls, Problems problems) {
        var auth = http.auth();
        List<ApiToken> tokens = new ArrayList<>();
        for (int i = 0; i < auth.tokens().size(); i++) {
            var t = auth.tokens().get(i);
            ApiToken token = problems.part("http.auth.tokens[" + i + "]", () -> {
                if (t.name() == null || t.token() == null || t.role() == null) {
                    throw new IllegalArgumentException("every token needs name, token (e.g. ${WARDEN_TOKEN}) and role "
                            + "(viewer or operator)");
                }
                return new ApiToken(t.name(), t.token(), ApiToken.Role.of(t.role()));
            });
            if (token == null) {
                return null;
            }
            tokens.add(token);
        }
        return problems.part("http.auth", () -> new ApiSettings(auth.enabled(), tokens, auth.protectMetrics(), tls));
    }

    /** The address must be this host's, or the bind fails only once the daemon starts. */
    private static void host(String host, Problems problems) {
        var address = new InetSocketAddress(host, 0);
        if (address.isUnresolved()) {
            problems.add("http.host", "'" + host + "' does not resolve; use 0.0.0.0 for every interface or an address of this host");
            return;
        }
        try {
            var ip = address.getAddress();
            if (!ip.isAnyLocalAddress() && !ip.isLoopbackAddress() && NetworkInterface.getByInetAddress(ip) == null) {
                problems.add("http.host", "'" + host + "' (" + ip.getHostAddress() + ") is not an address of this host; "
                        + "use 0.0.0.0 for every interface or 127.0.0.1 for this host only");
            }
        } catch (SocketException e) {
            problems.add("http.host", "cannot list this host's addresses (" + e.getMessage() + ")");
        }
    }

    private static ClusterParts cluster(WardenConfig config, int index, Problems problems) {
        ClusterConfig c = config.watched().get(index);
        String at = config.clusters().isEmpty() ? "cluster" : "clusters[" + index + "]";
        if (c.commandConfig() != null && !problems.input(at + ".command-config", Path.of(c.commandConfig()))) {
            return null;
        }
        ConnectionSettings connection = problems.part(at + (c.commandConfig() == null ? ".bootstrap-servers" : ".command-config"),
                () -> ClusterWatch.connection(c, config.watch().timeout()));
        ConnectClient connect = problems.part(at + ".connect", () -> ClusterWatch.connectClient(c.connect()));
        if (c.schemaRegistry() != null && !c.schemaRegistry().urls().isEmpty()) {
            var r = c.schemaRegistry();
            problems.part(at + ".schema-registry", () -> SchemaRegistrySettings.of(r.urls(), r.username(), r.password(), r.timeout()));
        }
        DrPair dr = c.dr() == null ? null : problems.part(at + ".dr",
                () -> DrPair.of(c, at, ClusterWatch::connection, config.watch().timeout(), WardenException.CONFIG));
        if (connection == null || problems.part(at + (c.client().isEmpty() ? ".bootstrap-servers" : ".client"),
                () -> usable(connection)) == null) {
            return null;
        }
        DeferredAdmin admin = new DeferredAdmin(connection);
        List<Playbook> playbooks = problems.part("heal.playbooks",
                () -> Playbooks.from(config.heal(), new ActionResources(admin.client(), connect)));
        return new ClusterParts(c, connection, admin, connect, playbooks == null ? List.of() : playbooks, dr);
    }

    /**
     * The settings, when Kafka's client can be made from them; a login that fails now (exit 69) is
     * tried again when the client is made, so the daemon starts and reports it each cycle.
     */
    private static ConnectionSettings usable(ConnectionSettings connection) {
        try {
            KafkaConnection.check(connection);
        } catch (WardenException e) {
            if (e.exitCode() != WardenException.UNAVAILABLE) {
                throw e;
            }
        }
        return connection;
    }

    /**
     * The {@code ha:} section: names Kafka accepts in a group, topic and transactional id, a home
     * cluster to coordinate through, and a session timeout a group coordinator takes.
     */
    private static HaParts ha(WardenConfig config, Problems problems) {
        var ha = config.ha();
        boolean ok = true;
        if (!NAME.matcher(ha.group()).matches() || ha.group().length() > 200) {
            problems.add("ha.group", "'" + ha.group() + "' is not a usable group name: use 1 to 200 letters, digits, '.', '_' or '-'");
            ok = false;
        }
        if (ha.stateTopic() != null && (!NAME.matcher(ha.stateTopic()).matches() || ha.stateTopic().length() > 242)) {
            problems.add("ha.state-topic", "'" + ha.stateTopic() + "' is not a usable topic name: use 1 to 242 letters, digits, "
                    + "'.', '_' or '-'");
            ok = false;
        }
        String instance = ha.instance() != null ? ha.instance() : defaultInstance();
        if (!NAME.matcher(instance).matches() || instance.length() > 100) {
            problems.add("ha.instance", "'" + instance + "' is not a usable instance name: use 1 to 100 letters, digits, '.', '_' "
                    + "or '-'; each instance of the fleet needs its own");
            ok = false;
        }
        if (ha.sessionTimeout().compareTo(Duration.ofSeconds(1)) < 0 || ha.sessionTimeout().compareTo(Duration.ofMinutes(30)) > 0) {
            problems.add("ha.session-timeout", ha.sessionTimeout().toMillis() + " ms is out of range: use 1s to 30m (the home "
                    + "cluster's group.min.session.timeout.ms, 6s by default, must allow it too)");
            ok = false;
        }
        List<String> names = config.watched().stream().map(ClusterConfig::name).toList();
        if (names.stream().distinct().count() != names.size()) {
            problems.add("clusters", "two watched clusters have the same name; with ha: each cluster needs its own name, "
                    + "since its name picks its partition of the state topic");
            ok = false;
        }
        if (ha.home() == null) {
            problems.add("ha.home", "missing; name the cluster the fleet coordinates through and keeps its state in, "
                    + "e.g. home: {bootstrap-servers: kafka-home:9092}");
            return null;
        }
        var h = ha.home();
        if (h.commandConfig() != null && !problems.input("ha.home.command-config", Path.of(h.commandConfig()))) {
            return null;
        }
        ConnectionSettings home = problems.part("ha.home" + (h.commandConfig() == null ? ".bootstrap-servers" : ".command-config"),
                () -> ClusterWatch.connection(h, config.watch().timeout()));
        boolean usable = home != null && problems.part("ha.home" + (h.client().isEmpty() ? ".bootstrap-servers" : ".client"),
                () -> usable(home)) != null;
        if (!usable || !ok) {
            return null;
        }
        return new HaParts(io.warden.daemon.ha.HaLayout.of(config), instance, home, new DeferredAdmin(home), ha.sessionTimeout());
    }

    /** The host's name and the process id: unique on a host, readable in {@code ha status}. */
    private static String defaultInstance() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "warden";
        }
        return (host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + ProcessHandle.current().pid());
    }

    /** Releases what was built and not handed on: the channels (the Kafka clients are made only when the watch starts). */
    @Override
    public void close() {
        notifiers.forEach(DaemonParts::close);
    }

    private static void close(Notifier notifier) {
        try {
            notifier.close();
        } catch (Exception e) {
            // nothing was sent through it; closing is tidying up
        }
    }

    /** The problems found so far, the files' apart from the rest. */
    private static final class Problems {
        private final LoadedConfig loaded;
        private final LinkedHashSet<ConfigProblem> outputs = new LinkedHashSet<>();
        private final LinkedHashSet<ConfigProblem> others = new LinkedHashSet<>(); // a set: each cluster repeats the playbooks'

        Problems(LoadedConfig loaded) {
            this.loaded = loaded;
        }

        void output(String field, Path file, boolean create) {
            String problem = OutputFiles.problem(file, create);
            if (problem != null) {
                outputs.add(loaded.problem(field, problem));
            }
        }

        /**
         * Whether a file the daemon reads is there and a regular file; a FIFO or device would hang
         * the start or never end.
         */
        boolean input(String field, Path file) {
            if (!java.nio.file.Files.exists(file)) {
                add(field, file + " does not exist");
                return false;
            }
            if (!java.nio.file.Files.isRegularFile(file)) {
                add(field, file + " is not a regular file");
                return false;
            }
            return true;
        }

        void add(String field, String message) {
            others.add(located(field, message));
        }

        /** The part {@code build} makes, or null when it cannot be made and the reason is added. */
        <T> T part(String field, Supplier<T> build) {
            try {
                return build.get();
            } catch (RuntimeException e) {
                add(field, e.getMessage() == null ? e.toString() : e.getMessage());
                return null;
            }
        }

        /** At the field the message names when it names one within {@code field}, else at {@code field}. */
        private ConfigProblem located(String field, String message) {
            Matcher m = LEADING_FIELD.matcher(message);
            if (m.matches() && (m.group(1).startsWith(field) || field.startsWith(m.group(1)))) {
                return loaded.problem(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Redactor.text(m.group(3)));
            }
            ConfigProblem p = loaded.problem(field, Redactor.text(message));
            // a message that begins with its own field (in other words) needs no label before it
            return message.startsWith(field.replaceAll("\\[\\d+]$", "")) ? new ConfigProblem(p.source(), p.line(), p.column(), "",
                    p.message()) : p;
        }

        boolean none() {
            return outputs.isEmpty() && others.isEmpty();
        }

        Rejected failure() {
            List<ConfigProblem> all = new ArrayList<>(outputs);
            all.addAll(others);
            return new Rejected(others.isEmpty() ? WardenException.CANT_CREATE : WardenException.CONFIG, loaded.describe(all), all);
        }
    }
}
