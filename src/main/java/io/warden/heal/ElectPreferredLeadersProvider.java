package io.warden.heal;

import java.util.Map;

/**
 * {@code elect-preferred-leaders}: moves leadership back to each partition's preferred replica
 * (after a broker restart, say), in one batched Admin request for the partitions the finding names
 * ({@code partitions} evidence, as {@code topic-N}) or for every partition when it names none.
 */
public final class ElectPreferredLeadersProvider implements RecoveryActionProvider {

    @Override
    public String type() {
        return "elect-preferred-leaders";
    }

    @Override
    public RecoveryAction create(Map<String, Object> settings, ActionResources resources) {
        if (!settings.isEmpty()) {
            throw new IllegalArgumentException("action elect-preferred-leaders has no settings, got " + settings.keySet());
        }
        return new ElectPreferredLeadersAction(resources.admin());
    }
}
