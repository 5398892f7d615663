package io.warden.runbook.verify;

import java.util.Set;

/**
 * What {@code warden verify} checks against.
 *
 * @param expectedBrokers broker ids that must be up (besides those holding replicas)
 * @param canaryTopic     the topic of the produce/consume round trip, created if missing
 * @param lagWarning      total lag of a group that is a warning
 * @param lagCritical     total lag of a group that is a failure
 */
public record VerifyOptions(Set<Integer> expectedBrokers, String canaryTopic, long lagWarning, long lagCritical) {

    public static final String DEFAULT_CANARY_TOPIC = "__warden_canary";

    public VerifyOptions {
        expectedBrokers = Set.copyOf(expectedBrokers);
    }
}
