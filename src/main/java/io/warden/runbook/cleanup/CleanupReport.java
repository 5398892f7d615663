package io.warden.runbook.cleanup;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What cleanup found at one instant, with the idle threshold it judged by. */
public record CleanupReport(Instant at, Duration idle, List<Candidate> candidates) {

    public CleanupReport {
        candidates = List.copyOf(candidates);
    }

    public List<String> topics() {
        return candidates.stream().filter(c -> c.kind().isTopic()).map(Candidate::name).toList();
    }

    public List<String> groups() {
        return candidates.stream().filter(c -> !c.kind().isTopic()).map(Candidate::name).toList();
    }
}
