package io.warden.runbook.verify;

import io.warden.comply.CertificatePolicy;
import io.warden.watch.CheckSettings;
import java.util.Set;

/**
 * What {@code warden verify} checks against.
 *
 * @param expectedBrokers broker ids that must be up (besides those holding replicas)
 * @param canaryTopic     the topic of the produce/consume round trip, created if missing
 * @param checks          the thresholds the lines are judged with (lag, disk, quorum), as the daemon's
 * @param certificates    how much validity a TLS certificate must have left
 */
public record VerifyOptions(Set<Integer> expectedBrokers, String canaryTopic, CheckSettings checks,
                            CertificatePolicy certificates) {

    public static final String DEFAULT_CANARY_TOPIC = "__warden_canary";

    public VerifyOptions {
        expectedBrokers = Set.copyOf(expectedBrokers);
    }
}
