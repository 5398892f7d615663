package io.warden.server;

import java.time.Instant;
import java.util.List;

/**
 * What {@code warden diagnose lag} concludes about a group, made when its console page asks: the
 * runbook's steps as the command prints them (the evidence) and what to do.
 *
 * @param takenAt         when the sample ended
 * @param severity        OK, WARNING or CRITICAL by the daemon's lag thresholds
 * @param steps           one line per runbook step: spread, members, rebalances, rates, drain
 * @param recommendations what to do, most important first
 */
public record GroupDiagnosis(String cluster, String group, Instant takenAt, String severity, long totalLag,
                             List<String> steps, List<String> recommendations) {

    public GroupDiagnosis {
        steps = List.copyOf(steps);
        recommendations = List.copyOf(recommendations);
    }
}
