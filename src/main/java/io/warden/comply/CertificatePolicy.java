package io.warden.comply;

import io.warden.config.WardenConfig;
import java.time.Duration;

/**
 * When a certificate's remaining validity becomes a problem, and how often endpoints are read.
 *
 * @param warning  less validity left than this is a warning (default 30 days)
 * @param critical less than this, or expired, is critical (default 7 days)
 * @param interval how long a reading stands before the daemon reads the endpoints again
 */
public record CertificatePolicy(Duration warning, Duration critical, Duration interval) {

    public static final CertificatePolicy DEFAULT = new CertificatePolicy(Duration.ofDays(30), Duration.ofDays(7),
            Duration.ofMinutes(10));

    /** The windows and interval of the config's {@code checks.certificates}. */
    public static CertificatePolicy of(WardenConfig.CertificatesConfig c) {
        return new CertificatePolicy(Duration.ofDays(c.warningDays()), Duration.ofDays(c.criticalDays()), c.interval());
    }
}
