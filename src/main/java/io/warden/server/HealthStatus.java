package io.warden.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.audit.Redactor;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Two questions a probe asks the watch daemon. <b>Readiness</b> ({@code /health}, {@code /health/ready}):
 * does every watched cluster answer? A cluster is UP when its latest cycle succeeded, the cluster
 * answered it, and it ended no longer than {@code staleAfter} ago; DOWN otherwise (no cycle yet, a
 * failed cycle, a cluster that refused the connection or the login or never answered within the
 * timeout, or a cycle that stalls); the daemon is ready only when every cluster is UP. Read from
 * {@link WardenMetrics}, which the monitors feed. <b>Liveness</b> ({@code /health/live}): do Warden's
 * own loops run? Asked of {@link Liveness}; an unreachable cluster leaves Warden alive, since
 * restarting Warden cannot bring a cluster back.
 */
public final class HealthStatus {

    /** Warden's own threads, as a liveness probe judges them. */
    @FunctionalInterface
    public interface Liveness {
        /** Liveness that only the HTTP endpoint answering proves: for an endpoint served without a daemon. */
        Liveness SERVING = Map::of;

        /** Each part of the daemon that stalled (e.g. {@code watch prod}), with why; empty when every part runs. */
        Map<String, String> stalled();
    }

    private final WardenMetrics metrics;
    private final Clock clock;
    private final Duration staleAfter;
    private final Liveness liveness;
    private final ObjectMapper json = new ObjectMapper();
    /** This instance's place in a fleet, shown under {@code ha}; null when it watches alone. */
    private final java.util.function.Supplier<?> role;
    /** Why this instance of a fleet fails its part (e.g. a cluster it was given that it cannot watch), null when it does not. */
    private final java.util.function.Supplier<String> roleProblem;

    /**
     * @param staleAfter how old the latest cycle may be before Warden counts as DOWN; a few
     *                   watch intervals (e.g. 3 x interval) so one slow cycle does not flap it
     */
    public HealthStatus(WardenMetrics metrics, Clock clock, Duration staleAfter) {
        this(metrics, clock, staleAfter, Liveness.SERVING);
    }

    /** @param liveness what {@link #live(boolean)} asks whether Warden's own loops run */
    public HealthStatus(WardenMetrics metrics, Clock clock, Duration staleAfter, Liveness liveness) {
        this(metrics, clock, staleAfter, liveness, null, () -> null);
    }

    /** The clock the daemon runs on, which the console's sessions expire by too. */
    Clock clock() {
        return clock;
    }

    private HealthStatus(WardenMetrics metrics, Clock clock, Duration staleAfter, Liveness liveness,
                         java.util.function.Supplier<?> role, java.util.function.Supplier<String> roleProblem) {
        this.role = role;
        this.roleProblem = roleProblem;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        this.liveness = Objects.requireNonNull(liveness, "liveness");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
        }
    }

    /**
     * Whether Warden's own loops run, whatever the clusters do.
     *
     * @param details why each stalled part stalled, for a caller with a token; without, {@code stalled} only
     */
    public LiveReport live(boolean details) {
        Map<String, String> stalled = new LinkedHashMap<>();
        liveness.stalled().forEach((part, why) -> stalled.put(part, details ? why : "stalled"));
        return new LiveReport(stalled.isEmpty() ? "UP" : "DOWN", stalled);
    }

    /**
     * The same health for an instance of a fleet: {@code role} (its name, the clusters it owns) is
     * shown under {@code ha}, and an instance that owns no cluster now is UP: it stands by. It is
     * DOWN while {@code problem} says why (a cluster given to it that it cannot watch).
     */
    public HealthStatus withRole(java.util.function.Supplier<?> role, java.util.function.Supplier<String> problem) {
        return new HealthStatus(metrics, clock, staleAfter, liveness, Objects.requireNonNull(role, "role"),
                Objects.requireNonNull(problem, "problem"));
    }

    /** Judges health now, with every error in full; see {@link #check(boolean)}. */
    public Report check() {
        return check(true);
    }

    /**
     * Judges readiness now. The whole report's {@code lastCycle} and {@code ageSeconds} are those of
     * the cluster heard from longest ago, its findings the sum, its error every DOWN cluster's.
     *
     * @param details each DOWN cluster's error as it happened (a client exception may name hosts,
     *                users and settings), with secret-looking values hidden: for a caller with a
     *                token. Without: a generic reason only, {@code unreachable}, {@code stale} or
     *                {@code starting}, as in {@code cluster prod: unreachable}
     */
    public Report check(boolean details) {
        Report report = checkClusters(details);
        String problem = roleProblem.get();
        if (problem == null) {
            return report;
        }
        return new Report("DOWN", report.lastCycle(), report.ageSeconds(), report.findings(),
                report.error() == null ? problem : report.error() + "; " + problem, report.clusters());
    }

    private Report checkClusters(boolean details) {
        List<ClusterMetrics> clusters = metrics.clusters();
        if (clusters.isEmpty() && role != null) {
            return new Report("UP", null, null, countFindings(List.of()), null, Map.of());
        }
        if (clusters.isEmpty()) {
            return new Report("DOWN", null, null, countFindings(List.of()), "no cluster is watched", Map.of());
        }
        Map<String, Report> byCluster = new LinkedHashMap<>();
        for (ClusterMetrics c : clusters) {
            byCluster.put(c.name(), check(c, details));
        }
        List<Report> reports = List.copyOf(byCluster.values());
        Map<String, Integer> findings = countFindings(List.of());
        reports.forEach(r -> r.findings().forEach((s, n) -> findings.merge(s, n, Integer::sum)));
        boolean up = reports.stream().allMatch(Report::up);
        Report oldest = reports.stream().anyMatch(r -> r.lastCycle() == null)
                ? reports.stream().filter(r -> r.lastCycle() == null).findFirst().get()
                : reports.stream().max(Comparator.comparing(Report::ageSeconds)).get();
        String error = null;
        if (!up) {
            error = details && clusters.size() == 1 ? reports.get(0).error() : byCluster.entrySet().stream()
                    .filter(e -> !e.getValue().up()).map(e -> (details ? "" : "cluster ") + e.getKey() + ": " + e.getValue().error())
                    .collect(Collectors.joining("; "));
        }
        return new Report(up ? "UP" : "DOWN", oldest.lastCycle(), oldest.ageSeconds(), findings, error, byCluster);
    }

    private Report check(ClusterMetrics cluster, boolean details) {
        Map<String, Integer> findings = countFindings(cluster.latest().map(r -> r.findings()).orElse(List.of()));
        var last = cluster.lastCycle().orElse(null);
        if (last == null) {
            return new Report("DOWN", null, null, findings, details ? "no watch cycle has completed yet" : "starting", Map.of());
        }
        Instant now = clock.instant();
        Duration age = Duration.between(last.endedAt(), now);
        String error = last.error() == null ? null : details ? Redactor.text(last.error()) : "unreachable";
        if (error == null) {
            // the cycle ran, but the cluster did not answer it: refused, frozen, or it refused the login
            error = cluster.latest().flatMap(r -> r.history().latest().unanswered())
                    .map(f -> details ? "cluster did not answer: " + Redactor.text(String.valueOf(f.message())) : "unreachable")
                    .orElse(null);
        }
        if (error == null && age.compareTo(staleAfter) > 0) {
            error = details ? "last watch cycle ended " + age.toSeconds() + "s ago, limit " + staleAfter.toSeconds() + "s"
                    : "stale";
        }
        return new Report(error == null ? "UP" : "DOWN", last.endedAt().toString(), Math.max(0, age.toSeconds()),
                findings, error, Map.of());
    }

    private static Map<String, Integer> countFindings(List<Finding> findings) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            counts.put(s.name(), 0);
        }
        findings.forEach(f -> counts.merge(f.severity().name(), 1, Integer::sum));
        return counts;
    }

    /** The JSON body of {@code /health} for {@code report}, or of {@code /health/live} for a {@link LiveReport}. */
    public String toJson(Object report) {
        try {
            if (role != null) {
                var node = json.valueToTree(report);
                ((com.fasterxml.jackson.databind.node.ObjectNode) node).set("ha", json.valueToTree(role.get()));
                return json.writeValueAsString(node);
            }
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain strings and numbers always serialize
        }
    }

    /**
     * The body of {@code /health}, and of each cluster's part of it.
     *
     * @param status     UP or DOWN
     * @param lastCycle  when the latest cycle ended (ISO-8601), null before the first
     * @param ageSeconds seconds since then, null before the first
     * @param findings   findings of the latest published cycle, per severity
     * @param error      why Warden is DOWN, null when UP
     * @param clusters   each cluster's report by name (left out of a cluster's own report)
     */
    @JsonPropertyOrder({"status", "lastCycle", "ageSeconds", "findings", "error", "clusters"})
    public record Report(String status, String lastCycle, Long ageSeconds, Map<String, Integer> findings, String error,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Report> clusters) {

        public Report {
            findings = Collections.unmodifiableMap(new LinkedHashMap<>(findings));
            clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
        }

        @JsonIgnore
        public boolean up() {
            return "UP".equals(status);
        }

        /** 200 when UP, 503 when DOWN, so load balancers and probes need not parse the body. */
        @JsonIgnore
        public int httpStatus() {
            return up() ? 200 : 503;
        }
    }

    /**
     * The body of {@code /health/live}.
     *
     * @param status  UP when every part of the daemon runs, DOWN otherwise
     * @param stalled each part that does not run, with why (or {@code stalled} for a caller without a token)
     */
    @JsonPropertyOrder({"status", "stalled"})
    public record LiveReport(String status, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> stalled) {

        public LiveReport {
            stalled = Collections.unmodifiableMap(new LinkedHashMap<>(stalled));
        }

        /** 200 when UP, 503 when DOWN: what a process supervisor restarts Warden on. */
        @JsonIgnore
        public int httpStatus() {
            return "UP".equals(status) ? 200 : 503;
        }
    }
}
