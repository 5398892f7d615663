package io.warden.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration of {@code warden watch}. Every section is optional and has the
 * defaults an operator would pick; see {@code deploy/warden.example.yaml}. One daemon watches one
 * cluster ({@code cluster:}) or several ({@code clusters:}, a list of the same sections, each
 * with its own name); rules, notifiers, silences, the audit trail and the HTTP endpoint are shared.
 */
public record WardenConfig(ClusterConfig cluster, List<ClusterConfig> clusters, WatchConfig watch, ChecksConfig checks, HttpConfig http,
                           AlertsConfig alerts, Map<String, Map<String, Object>> notifiers, AuditConfig audit,
                           LoggingConfig logging, HealConfig heal, HaConfig ha, MetricsConfig metrics) {

    public WardenConfig {
        cluster = cluster == null ? ClusterConfig.DEFAULT : cluster;
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        watch = watch == null ? WatchConfig.DEFAULT : watch;
        checks = checks == null ? ChecksConfig.DEFAULT : checks;
        http = http == null ? HttpConfig.DEFAULT : http;
        alerts = alerts == null ? AlertsConfig.DEFAULT : alerts;
        // kept in file order: channels are listed and tried in the order the operator wrote them
        notifiers = notifiers == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(notifiers));
        audit = audit == null ? AuditConfig.DEFAULT : audit;
        logging = logging == null ? LoggingConfig.DEFAULT : logging;
        heal = heal == null ? HealConfig.DEFAULT : heal;
        ha = ha == null ? HaConfig.DEFAULT : ha;
        metrics = metrics == null ? MetricsConfig.DEFAULT : metrics;
    }

    public static WardenConfig defaults() {
        return new WardenConfig(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * @param level    Warden's own log level: ERROR, WARN, INFO (default) or DEBUG for troubleshooting
     * @param file     also log to this file, rotated by size; null logs to stderr only
     * @param maxBytes size at which the log file is rotated
     * @param keep     rotated log files kept
     */
    public record LoggingConfig(String level, String file, @JsonProperty("max-bytes") Long maxBytes, Integer keep) {
        static final LoggingConfig DEFAULT = new LoggingConfig(null, null, null, null);

        public LoggingConfig {
            level = level == null ? "INFO" : level;
            maxBytes = maxBytes == null ? 10L * 1024 * 1024 : maxBytes;
            keep = keep == null ? 5 : keep;
        }
    }

    /**
     * The clusters to watch: the {@code clusters:} list, or the single {@code cluster:} section
     * when there is no list.
     */
    public List<ClusterConfig> watched() {
        return clusters.isEmpty() ? List.of(cluster) : clusters;
    }

    /** This config watching {@code c} alone. */
    public WardenConfig withCluster(ClusterConfig c) {
        return new WardenConfig(c, List.of(), watch, checks, http, alerts, notifiers, audit, logging, heal, ha, metrics);
    }

    public WardenConfig withWatch(WatchConfig w) {
        return new WardenConfig(cluster, clusters, w, checks, http, alerts, notifiers, audit, logging, heal, ha, metrics);
    }

    public WardenConfig withChecks(ChecksConfig c) {
        return new WardenConfig(cluster, clusters, watch, c, http, alerts, notifiers, audit, logging, heal, ha, metrics);
    }

    public WardenConfig withHttp(HttpConfig h) {
        return new WardenConfig(cluster, clusters, watch, checks, h, alerts, notifiers, audit, logging, heal, ha, metrics);
    }

    public WardenConfig withAudit(AuditConfig a) {
        return new WardenConfig(cluster, clusters, watch, checks, http, alerts, notifiers, a, logging, heal, ha, metrics);
    }

    public WardenConfig withHeal(HealConfig h) {
        return new WardenConfig(cluster, clusters, watch, checks, http, alerts, notifiers, audit, logging, h, ha, metrics);
    }

    public WardenConfig withAlerts(AlertsConfig a) {
        return new WardenConfig(cluster, clusters, watch, checks, http, a, notifiers, audit, logging, heal, ha, metrics);
    }

    public WardenConfig withHa(HaConfig h) {
        return new WardenConfig(cluster, clusters, watch, checks, http, alerts, notifiers, audit, logging, heal, h, metrics);
    }

    public WardenConfig withMetrics(MetricsConfig m) {
        return new WardenConfig(cluster, clusters, watch, checks, http, alerts, notifiers, audit, logging, heal, ha, m);
    }

    /**
     * High availability: instances with the same {@code group} share the watched clusters through
     * Kafka's group protocol on the {@code home} cluster; each cluster is watched by exactly one
     * live instance. Without a group, this instance watches every cluster alone.
     *
     * @param group          the consumer group the instances of one fleet join; null turns HA off
     * @param home           the cluster the fleet coordinates through and keeps its state in
     * @param stateTopic     compacted topic with one partition per watched cluster (default {@code warden-state.<group>})
     * @param instance       this instance's name, shown in {@code ha status} and /health (default host name and process id)
     * @param sessionTimeout how long a silent instance keeps its clusters before another takes them over
     */
    public record HaConfig(String group, ClusterConfig home, @JsonProperty("state-topic") String stateTopic, String instance,
                           @JsonProperty("session-timeout") Duration sessionTimeout) {
        static final HaConfig DEFAULT = new HaConfig(null, null, null, null, null);

        public HaConfig {
            stateTopic = stateTopic == null && group != null ? "warden-state." + group : stateTopic;
            sessionTimeout = sessionTimeout == null ? Duration.ofSeconds(10) : sessionTimeout;
        }

        public boolean enabled() {
            return group != null;
        }
    }

    /**
     * What {@code /metrics} exports. Group-level series are always there; per-partition lag only
     * for the groups named here, and otherwise for each group's worst partitions, so a scrape stays
     * small at a hundred thousand group-partitions.
     *
     * @param partitionLag    groups (regular expressions) whose lag is exported for every partition
     * @param worstPartitions for every other group, the partitions with the most lag that are exported (0: none)
     */
    public record MetricsConfig(@JsonProperty("partition-lag") List<String> partitionLag,
                                @JsonProperty("worst-partitions") Integer worstPartitions) {
        static final MetricsConfig DEFAULT = new MetricsConfig(null, null);

        public MetricsConfig {
            partitionLag = partitionLag == null ? List.of() : List.copyOf(partitionLag);
            worstPartitions = worstPartitions == null ? 5 : worstPartitions;
        }
    }

    /**
     * @param rules         tried in order before the built-in rules (unless {@code defaults: false})
     * @param defaults      keep the built-in rules after the configured ones
     * @param silencesFile  where silences set from the CLI or the API are kept
     */
    public record AlertsConfig(List<RuleConfig> rules, Boolean defaults,
                               @JsonProperty("silences-file") String silencesFile) {
        static final AlertsConfig DEFAULT = new AlertsConfig(null, null, null);

        public AlertsConfig {
            rules = rules == null ? List.of() : List.copyOf(rules);
            defaults = defaults == null ? Boolean.TRUE : defaults;
            silencesFile = silencesFile == null ? "warden-silences.json" : silencesFile;
        }
    }

    /** One alert rule as written in YAML; see {@code io.warden.alert.AlertRule} for the meaning of each key. */
    public record RuleConfig(String name, String check, Map<String, String> match, Double warning, Double critical,
                             @JsonProperty("rate-warning") Double rateWarning,
                             @JsonProperty("rate-critical") Double rateCritical, String severity,
                             @JsonProperty("for") Duration forDuration,
                             @JsonProperty("repeat-interval") Duration repeatInterval, Map<String, String> labels,
                             String runbook) {
        public RuleConfig {
            match = present(match);
            labels = present(labels);
        }
    }

    /**
     * Self-healing: which alerts get which playbook, and the limits every action stays within.
     *
     * @param mode                  for playbooks that set none: off, dry-run (decide, record and notify, run
     *                              nothing) or on
     * @param stateDir              where attempts, cooldowns and the pause flag are kept across restarts
     * @param grace                 how long an alert must fire before a playbook acts (a broker back by itself
     *                              within it is not touched)
     * @param cooldown              after an action, how long before the same alert may be acted on again
     * @param maxActionsPerHour     actions per cluster and hour; past it Warden escalates instead
     * @param maxBrokersDown        more brokers down than this: no action, escalate (blast radius)
     * @param maxBrokersDownPercent ... or more than this share of the brokers
     */
    public record HealConfig(String mode, @JsonProperty("state-dir") String stateDir, Duration grace, Duration cooldown,
                             @JsonProperty("max-actions-per-hour") Integer maxActionsPerHour,
                             @JsonProperty("max-brokers-down") Integer maxBrokersDown,
                             @JsonProperty("max-brokers-down-percent") Double maxBrokersDownPercent,
                             List<PlaybookConfig> playbooks) {
        static final HealConfig DEFAULT = new HealConfig(null, null, null, null, null, null, null, null);

        public HealConfig {
            mode = mode == null ? "dry-run" : mode;
            stateDir = stateDir == null ? "." : stateDir;
            grace = grace == null ? Duration.ofMinutes(2) : grace;
            cooldown = cooldown == null ? Duration.ofMinutes(30) : cooldown;
            maxActionsPerHour = maxActionsPerHour == null ? 6 : maxActionsPerHour;
            maxBrokersDown = maxBrokersDown == null ? 1 : maxBrokersDown;
            maxBrokersDownPercent = maxBrokersDownPercent == null ? 40.0 : maxBrokersDownPercent;
            playbooks = playbooks == null ? List.of() : List.copyOf(playbooks);
        }
    }

    /**
     * @param name  shown in the audit trail and in escalations
     * @param check regex on the alert's check (e.g. {@code broker-down}); null for any
     * @param match regexes on the alert's labels or {@code cluster}; all must match
     * @param mode  off, dry-run or on; null takes {@code heal.mode}
     * @param grace null takes {@code heal.grace}
     * @param steps tried in order: each until its attempts are used up, then the next
     */
    public record PlaybookConfig(String name, String check, Map<String, String> match, String mode, Duration grace,
                                 List<StepConfig> steps) {
        public PlaybookConfig {
            match = present(match);
            steps = steps == null ? List.of() : List.copyOf(steps);
        }
    }

    /**
     * One playbook step: an action and how hard to try it.
     *
     * @param action       command, restart-broker, elect-preferred-leaders, notify-only, or a plugin's type
     * @param command      for command and restart-broker: the program and its arguments, templated
     * @param env          for command and restart-broker: environment of the program
     * @param workdir      for command and restart-broker: its working directory
     * @param timeout      for command and restart-broker: how long it may run (default 5m)
     * @param retry        attempts and backoff
     * @param verifyCycles cycles within which the alert must resolve after an attempt, or the attempt failed
     * @param settings     a plugin action's own settings
     */
    public record StepConfig(String action, List<String> command, Map<String, String> env, String workdir,
                             Duration timeout, RetryConfig retry, @JsonProperty("verify-cycles") Integer verifyCycles,
                             Map<String, Object> settings) {
        public StepConfig {
            env = present(env);
            retry = retry == null ? new RetryConfig(null, null, null, null) : retry;
            verifyCycles = verifyCycles == null ? 5 : verifyCycles;
            // a setting written without a value reaches the plugin as null, as YAML gave it
            settings = settings == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
        }
    }

    /** Attempts of one step and the wait between them: delay, then x multiplier each time, at most max-delay. */
    public record RetryConfig(@JsonProperty("max-attempts") Integer maxAttempts, Duration delay, Double multiplier,
                              @JsonProperty("max-delay") Duration maxDelay) {
        public RetryConfig {
            maxAttempts = maxAttempts == null ? 3 : maxAttempts;
            delay = delay == null ? Duration.ofSeconds(10) : delay;
            multiplier = multiplier == null ? 1.5 : multiplier;
            // a long delay without a max-delay means the delay, not an error
            maxDelay = maxDelay == null ? (delay.compareTo(Duration.ofSeconds(120)) > 0 ? delay : Duration.ofSeconds(120)) : maxDelay;
        }
    }

    /**
     * @param file     the audit trail, JSON lines, append-only
     * @param maxBytes size at which the file is rotated
     * @param keep     rotated files kept besides the live one
     */
    public record AuditConfig(String file, @JsonProperty("max-bytes") Long maxBytes, Integer keep) {
        static final AuditConfig DEFAULT = new AuditConfig(null, null, null);

        public AuditConfig {
            file = file == null ? "warden-audit.jsonl" : file;
            maxBytes = maxBytes == null ? 64L * 1024 * 1024 : maxBytes;
            keep = keep == null ? 5 : keep;
        }
    }

    /**
     * @param name             a label for metrics and messages
     * @param bootstrapServers host:port list
     * @param commandConfig    a Kafka client properties file, as {@code --command-config}
     * @param client           Kafka client properties inline (SASL/SSL); values may use ${ENV}
     * @param expectedBrokers  broker ids that must be present; others are learned as they are seen
     * @param connect          the Kafka Connect cluster that works with this Kafka cluster, or null
     * @param schemaRegistry   the Schema Registry that works with this Kafka cluster, or null
     * @param dr               the disaster-recovery cluster MirrorMaker 2 replicates this one to, or null
     */
    public record ClusterConfig(String name, @JsonProperty("bootstrap-servers") String bootstrapServers,
                                @JsonProperty("command-config") String commandConfig, Map<String, String> client,
                                @JsonProperty("expected-brokers") List<Integer> expectedBrokers, RestServiceConfig connect,
                                @JsonProperty("schema-registry") RestServiceConfig schemaRegistry, DrConfig dr) {
        static final ClusterConfig DEFAULT = new ClusterConfig(null, null, null, null, null, null, null, null);

        public ClusterConfig {
            name = name == null ? "kafka" : name;
            client = present(client);
            expectedBrokers = expectedBrokers == null ? List.of() : List.copyOf(expectedBrokers);
        }

        public ClusterConfig(String name, String bootstrapServers, String commandConfig, Map<String, String> client,
                             List<Integer> expectedBrokers) {
            this(name, bootstrapServers, commandConfig, client, expectedBrokers, null, null, null);
        }

        public ClusterConfig(String name, String bootstrapServers, String commandConfig, Map<String, String> client,
                             List<Integer> expectedBrokers, RestServiceConfig connect) {
            this(name, bootstrapServers, commandConfig, client, expectedBrokers, connect, null, null);
        }

        public ClusterConfig(String name, String bootstrapServers, String commandConfig, Map<String, String> client,
                             List<Integer> expectedBrokers, RestServiceConfig connect, RestServiceConfig schemaRegistry) {
            this(name, bootstrapServers, commandConfig, client, expectedBrokers, connect, schemaRegistry, null);
        }

        public ClusterConfig withDr(DrConfig d) {
            return new ClusterConfig(name, bootstrapServers, commandConfig, client, expectedBrokers, connect, schemaRegistry, d);
        }
    }

    /**
     * The disaster-recovery pair this cluster (the source) forms with the cluster MirrorMaker 2
     * replicates it to, named as in {@code mm2.properties}.
     *
     * @param target            the DR cluster: bootstrap servers, client properties, its Connect
     *                          (where MirrorMaker's connectors run, if they run on Connect) and
     *                          Schema Registry
     * @param sourceAlias       MirrorMaker's alias of this cluster (default {@code primary})
     * @param targetAlias       MirrorMaker's alias of the DR cluster (default {@code dr})
     * @param replicationPolicy {@code default} (replicas named {@code <source-alias>.<topic>}) or
     *                          {@code identity} (same name)
     * @param separator         the default policy's separator (default {@code .})
     * @param topics            MirrorMaker's {@code topics}: comma-separated regexes (default {@code .*})
     * @param topicsExclude     MirrorMaker's {@code topics.exclude} (default MirrorMaker's own)
     * @param groups            MirrorMaker's {@code groups} (default {@code .*})
     * @param groupsExclude     MirrorMaker's {@code groups.exclude} (default MirrorMaker's own)
     * @param tiers             RPO/RTO targets by topic, first match wins; a topic in no tier is
     *                          {@code standard}
     * @param heartbeatMaxAge   heartbeats older than this mean replication stopped (default 1m)
     * @param checkpointMaxAge  a group's checkpoint older than this is stale (default 5m)
     */
    public record DrConfig(ClusterConfig target, @JsonProperty("source-alias") String sourceAlias,
                           @JsonProperty("target-alias") String targetAlias,
                           @JsonProperty("replication-policy") String replicationPolicy, String separator,
                           String topics, @JsonProperty("topics-exclude") String topicsExclude,
                           String groups, @JsonProperty("groups-exclude") String groupsExclude,
                           List<TierConfig> tiers,
                           @JsonProperty("heartbeat-max-age") Duration heartbeatMaxAge,
                           @JsonProperty("checkpoint-max-age") Duration checkpointMaxAge) {
        /** MirrorMaker's defaults for {@code topics.exclude} and {@code groups.exclude}. */
        public static final String TOPICS_EXCLUDE = ".*[\\-\\.]internal, .*\\.replica, __.*";
        public static final String GROUPS_EXCLUDE = "console-consumer-.*, connect-.*, __.*";

        public DrConfig {
            sourceAlias = sourceAlias == null ? "primary" : sourceAlias;
            targetAlias = targetAlias == null ? "dr" : targetAlias;
            replicationPolicy = replicationPolicy == null ? "default" : replicationPolicy;
            separator = separator == null ? "." : separator;
            topics = topics == null ? ".*" : topics;
            topicsExclude = topicsExclude == null ? TOPICS_EXCLUDE : topicsExclude;
            groups = groups == null ? ".*" : groups;
            groupsExclude = groupsExclude == null ? GROUPS_EXCLUDE : groupsExclude;
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
            heartbeatMaxAge = heartbeatMaxAge == null ? Duration.ofMinutes(1) : heartbeatMaxAge;
            checkpointMaxAge = checkpointMaxAge == null ? Duration.ofMinutes(5) : checkpointMaxAge;
        }
    }

    /**
     * A recovery tier: the topics it covers and its targets. The names {@code critical},
     * {@code important} and {@code standard} default to the targets of the DR runbook (RPO 1m, 15m,
     * 1h; RTO 15m, 1h, 4h); any other name needs both.
     *
     * @param name   the tier's name, as findings and metrics show it
     * @param topics comma-separated regexes of source topics (whole-name match); absent: every topic
     * @param rpo    the most data, in time, the tier may lose
     * @param rto    the longest the tier may be down
     */
    public record TierConfig(String name, String topics, Duration rpo, Duration rto) {
    }

    /**
     * A REST service beside the cluster: Kafka Connect (watched for FAILED connectors and tasks and
     * unreachable workers, failed tasks restarted; connector configs in the metadata backup) or a
     * Schema Registry (subjects in the metadata backup).
     *
     * @param urls     REST URLs of its instances (Connect workers), tried in order
     * @param username basic auth user, or null
     * @param password basic auth password (from ${ENV}), or null
     * @param timeout  bound on each REST request (default 10s)
     */
    public record RestServiceConfig(List<String> urls, String username, String password, Duration timeout) {
        public RestServiceConfig {
            urls = urls == null ? List.of() : List.copyOf(urls);
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
        }

        @Override
        public String toString() {
            return "RestServiceConfig[urls=" + urls + ", username=" + username + ", timeout=" + timeout + "]";
        }
    }

    /**
     * @param interval time between cycles
     * @param timeout  bound on each Admin call in a cycle
     * @param window   sliding window for lag trends and group status
     * @param shutdownTimeout on SIGTERM: time to finish the cycle, flush notifications and the audit
     *                 trail and close the clients before exiting anyway
     */
    public record WatchConfig(Duration interval, Duration timeout, Duration window,
                              @JsonProperty("shutdown-timeout") Duration shutdownTimeout) {
        static final WatchConfig DEFAULT = new WatchConfig(null, null, null, null);

        public WatchConfig {
            interval = interval == null ? Duration.ofSeconds(30) : interval;
            timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
            window = window == null ? Duration.ofMinutes(5) : window;
            shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(60) : shutdownTimeout;
        }

        public WatchConfig(Duration interval, Duration timeout, Duration window) {
            this(interval, timeout, window, null);
        }
    }

    public record ChecksConfig(Thresholds lag, DlqConfig dlq, Thresholds disk,
                               @JsonProperty("under-replicated") UrpConfig underReplicated, Thresholds rebalances,
                               @JsonProperty("lag-growth") Thresholds lagGrowth, QuorumConfig quorum,
                               CertificatesConfig certificates) {
        static final ChecksConfig DEFAULT = new ChecksConfig(null, null, null, null, null, null, null, null);

        public ChecksConfig {
            lag = lag == null ? new Thresholds(10_000.0, 100_000.0) : lag;
            dlq = dlq == null ? new DlqConfig(null, null, null) : dlq;
            disk = disk == null ? new Thresholds(0.80, 0.90) : disk;
            underReplicated = underReplicated == null ? new UrpConfig(5.0) : underReplicated;
            rebalances = rebalances == null ? new Thresholds(3.0, null) : rebalances;
            lagGrowth = lagGrowth == null ? new Thresholds(1_000.0, null) : lagGrowth;
            quorum = quorum == null ? new QuorumConfig(null) : quorum;
            certificates = certificates == null ? new CertificatesConfig(null, null, null) : certificates;
        }
    }

    /**
     * The TLS certificates of the brokers' listeners, Connect and the Schema Registry.
     *
     * @param warningDays  less validity left than this many days is a warning
     * @param criticalDays less than this many days, or expired, is critical
     * @param interval     how often the daemon reads the certificates again (they change rarely)
     */
    public record CertificatesConfig(@JsonProperty("warning-days") Integer warningDays,
                                     @JsonProperty("critical-days") Integer criticalDays, Duration interval) {
        public CertificatesConfig {
            warningDays = warningDays == null ? 30 : warningDays;
            criticalDays = criticalDays == null ? 7 : criticalDays;
            interval = interval == null ? Duration.ofMinutes(10) : interval;
        }
    }

    public record Thresholds(Double warning, Double critical) {
    }

    public record DlqConfig(List<String> patterns, Long warning, Long critical) {
        /** Topic names that are dead-letter queues unless the config names its own. */
        public static final List<String> DEFAULT_PATTERNS = List.of(".*\\.(dlq|DLT)$", "^dlq[-.].*");

        public DlqConfig {
            patterns = patterns == null ? DEFAULT_PATTERNS : List.copyOf(patterns);
            warning = warning == null ? 100L : warning;
            critical = critical == null ? 1_000L : critical;
        }
    }

    /**
     * @param catchUpTimeout a KRaft voter not caught up with the metadata log for longer than this is
     *                       lagging and counted as lost when judging the quorum's majority
     */
    public record QuorumConfig(@JsonProperty("catch-up-timeout") Duration catchUpTimeout) {
        public static final Duration DEFAULT_CATCH_UP_TIMEOUT = Duration.ofSeconds(30);

        public QuorumConfig {
            catchUpTimeout = catchUpTimeout == null ? DEFAULT_CATCH_UP_TIMEOUT : catchUpTimeout;
        }
    }

    public record UrpConfig(@JsonProperty("critical-percent") Double criticalPercent) {
    }

    /**
     * @param port 0 picks a free port; negative turns the endpoint off
     * @param auth who may use the API; the API is served only when tokens are configured or auth is
     *             explicitly off
     * @param tls  serve HTTPS from a keystore; null for plain HTTP
     */
    public record HttpConfig(String host, Integer port, AuthConfig auth, TlsConfig tls) {
        static final HttpConfig DEFAULT = new HttpConfig(null, null, null, null);

        public HttpConfig {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? 9308 : port;
            auth = auth == null ? new AuthConfig(null, null, null) : auth;
        }

        public HttpConfig(String host, Integer port) {
            this(host, port, null, null);
        }
    }

    /** @param protectMetrics require a viewer token for /metrics and /health too */
    public record AuthConfig(Boolean enabled, @JsonProperty("protect-metrics") Boolean protectMetrics,
                             List<TokenConfig> tokens) {
        public AuthConfig {
            enabled = enabled == null ? Boolean.TRUE : enabled;
            protectMetrics = protectMetrics == null ? Boolean.FALSE : protectMetrics;
            tokens = tokens == null ? List.of() : List.copyOf(tokens);
        }
    }

    /** @param role viewer (reads alerts, findings, silences) or operator (also sets and ends silences) */
    public record TokenConfig(String name, String token, String role) {
        @Override
        public String toString() {
            return "TokenConfig[name=" + name + ", role=" + role + "]";
        }
    }

    public record TlsConfig(String keystore, String password, String type) {
        @Override
        public String toString() {
            return "TlsConfig[keystore=" + keystore + ", type=" + type + "]";
        }
    }

    /** A copy without the keys written with no value (reported by the config check, not a crash here). */
    static Map<String, String> present(Map<String, String> map) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k, v);
                }
            });
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
