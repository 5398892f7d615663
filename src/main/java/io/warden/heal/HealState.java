package io.warden.heal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything self-healing must remember across a restart, for one cluster: open incidents with
 * their attempts, when recent actions ran (the hourly budget), cooldowns, and where each broker
 * was last seen (a broker that is down no longer says its host).
 */
final class HealState {

    public Map<String, Incident> incidents = new LinkedHashMap<>();
    public List<Instant> actions = new ArrayList<>();
    public Map<String, Instant> cooldownUntil = new LinkedHashMap<>();
    /** broker id to "host:port" as last seen. */
    public Map<Integer, String> brokers = new LinkedHashMap<>();

    int actionsSince(Instant since) {
        return (int) actions.stream().filter(t -> t.isAfter(since)).count();
    }

    /** Drops what can no longer matter, so the file stays small. */
    void prune(Instant now) {
        actions.removeIf(t -> t.isBefore(now.minusSeconds(3600)));
        cooldownUntil.values().removeIf(t -> t.isBefore(now));
    }
}
