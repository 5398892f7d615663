package io.warden.server;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the watch daemon is doing its job: UP when the latest cycle succeeded and ended no longer
 * than {@code staleAfter} ago, DOWN otherwise (no cycle yet, a failed cycle, or a monitor that
 * stopped cycling). Read from {@link WardenMetrics}, which the monitor feeds.
 */
public final class HealthStatus {

    private final WardenMetrics metrics;
    private final Clock clock;
    private final Duration staleAfter;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param staleAfter how old the latest cycle may be before Warden counts as DOWN; a few
     *                   watch intervals (e.g. 3 x interval) so one slow cycle does not flap it
     */
    public HealthStatus(WardenMetrics metrics, Clock clock, Duration staleAfter) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        if (staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("staleAfter must be positive, was " + staleAfter);
        }
    }

    /** Judges health now. */
    public Report check() {
        Map<String, Integer> findings = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            findings.put(s.name(), 0);
        }
        metrics.latest().ifPresent(r -> r.findings().stream().map(Finding::severity)
                .forEach(s -> findings.merge(s.name(), 1, Integer::sum)));

        var last = metrics.lastCycle().orElse(null);
        if (last == null) {
            return new Report("DOWN", null, null, findings, "no watch cycle has completed yet");
        }
        Instant now = clock.instant();
        Duration age = Duration.between(last.endedAt(), now);
        String error = last.error();
        if (error == null && age.compareTo(staleAfter) > 0) {
            error = "last watch cycle ended " + age.toSeconds() + "s ago, limit " + staleAfter.toSeconds() + "s";
        }
        return new Report(error == null ? "UP" : "DOWN", last.endedAt().toString(), Math.max(0, age.toSeconds()),
                findings, error);
    }

    /** The JSON body of {@code /health} for {@code report}. */
    public String toJson(Report report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // plain strings and numbers always serialize
        }
    }

    /**
     * The body of {@code /health}.
     *
     * @param status     UP or DOWN
     * @param lastCycle  when the latest cycle ended (ISO-8601), null before the first
     * @param ageSeconds seconds since then, null before the first
     * @param findings   findings of the latest published cycle, per severity
     * @param error      why Warden is DOWN, null when UP
     */
    @JsonPropertyOrder({"status", "lastCycle", "ageSeconds", "findings", "error"})
    public record Report(String status, String lastCycle, Long ageSeconds, Map<String, Integer> findings, String error) {

        public Report {
            findings = Collections.unmodifiableMap(new LinkedHashMap<>(findings));
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
}
