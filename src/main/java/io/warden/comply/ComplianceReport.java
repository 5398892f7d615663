package io.warden.comply;

import java.time.Instant;
import java.util.List;

/**
 * The compliance audit's result, as an auditor reads it.
 *
 * @param clusterId        the cluster's id
 * @param bootstrapServers how Warden reached it
 * @param generatedAt      when the facts were read
 * @param profile          the preset used
 * @param phiTopics        the PHI topic pattern, or null
 * @param maxRetention     the longest a PHI topic may keep data, e.g. {@code 90d 0h}
 * @param status           the worst check
 * @param checks           every check in report order
 * @param phiAccess        who may reach and who reads each PHI topic; null when no PHI pattern is set
 */
public record ComplianceReport(String clusterId, String bootstrapServers, Instant generatedAt, String profile, String phiTopics,
                               String maxRetention, ComplianceCheck.Status status, List<ComplianceCheck> checks,
                               PhiAccess phiAccess) {

    public ComplianceReport {
        checks = List.copyOf(checks);
    }

    /** Nagios: 0 all pass, 1 a warning, 2 a failure, 3 something could not be judged (and nothing failed). */
    public int exitCode() {
        return status.exitCode();
    }
}
