package io.warden.comply;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the compliance audit judges against.
 *
 * @param profile       the preset the other values came from
 * @param phiTopics     topics holding protected data (full match), or null for none
 * @param maxRetention  the longest a PHI topic may keep data
 * @param certificates  the certificate windows
 * @param auditTrail    Warden's own audit trail file from the config, or null when no config was given
 * @param services      HTTPS URLs of Connect and Schema Registry whose certificates are judged too
 */
public record ComplianceOptions(ComplianceProfile profile, Pattern phiTopics, Duration maxRetention,
                                CertificatePolicy certificates, Path auditTrail, List<SecurityProbe.ServiceUrl> services) {

    public static final int MIN_REPLICATION_FACTOR = 3;
    public static final int MIN_INSYNC_REPLICAS = 2;

    public ComplianceOptions {
        services = List.copyOf(services);
    }

    public boolean isPhi(String topic) {
        return phiTopics != null && phiTopics.matcher(topic).matches();
    }
}
