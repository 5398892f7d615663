package io.warden.daemon.ha;

import io.warden.alert.Alerter;
import io.warden.heal.HealStateStore;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's ownership of one watched cluster, from the assignment of its partition until
 * its revocation: what the previous owner left (alert lifecycle, healing state), and the only way
 * to keep new state, each write fenced by the group's generation. A write refused ends the lease:
 * the caller must then do nothing, neither notify nor act.
 *
 * <p>Keys in the cluster's partition: {@code <cluster>/alerts} (the alert lifecycle: which alerts
 * are pending or firing and when each was last told) and {@code <cluster>/heal} (incidents,
 * attempts, cooldowns, the hourly budget).
 */
public final class ClusterLease {

    private static final Logger log = LoggerFactory.getLogger(ClusterLease.class);

    /** Writes one record of the lease's partition, fenced; false when refused. */
    interface Keeper {
        boolean keep(ClusterLease lease, String key, byte[] value);
    }

    /** What the alerts key holds: the writer and time are for {@code ha status} and people reading the topic. */
    record AlertsDoc(String cluster, String instance, Instant at, List<Alerter.Saved> alerts) {
    }

    private final String cluster;
    private final TopicPartition partition;
    private final String instance;
    private final java.time.Clock clock;
    private final Keeper keeper;
    private final List<Alerter.Saved> alerts;
    private final byte[] heal;
    private volatile boolean ended;
    private volatile boolean refused;
    private List<Object> lastAlerts; // what was last kept, without the findings' changing numbers

    ClusterLease(String cluster, TopicPartition partition, String instance, java.time.Clock clock, Keeper keeper,
                 Map<String, byte[]> restored) {
        this.cluster = cluster;
        this.partition = partition;
        this.instance = instance;
        this.clock = clock;
        this.keeper = keeper;
        List<Alerter.Saved> saved = List.of();
        byte[] alertsJson = restored.get(alertsKey());
        if (alertsJson != null) {
            try {
                AlertsDoc doc = StateJson.read(alertsJson, AlertsDoc.class);
                saved = doc.alerts() == null ? List.of() : List.copyOf(doc.alerts());
            } catch (IOException e) {
                // unreadable state must not stop the watch: the alerts start afresh, and the log says so
                log.error("event=ha-state-unreadable cluster={} key={} error=\"{}\"", cluster, alertsKey(), e.getMessage());
            }
        }
        this.alerts = saved;
        this.lastAlerts = digest(saved);
        this.heal = restored.get(healKey());
        restored.keySet().stream().filter(k -> !k.startsWith(cluster + "/")).findFirst().ifPresent(k -> log.warn(
                "event=ha-foreign-state cluster={} partition={} key=\"{}\" advice=\"every instance of the fleet must watch the "
                        + "same clusters; the state of another cluster is ignored\"", cluster, partition.partition(), k));
    }

    public String cluster() {
        return cluster;
    }

    TopicPartition partition() {
        return partition;
    }

    /** The alert lifecycle the previous owner kept; empty for a cluster never watched before. */
    public List<Alerter.Saved> restoredAlerts() {
        return alerts;
    }

    /**
     * Keeps the alert lifecycle before its events are told; unchanged state is not written again.
     *
     * @return false when this instance lost the cluster: tell nothing
     */
    public synchronized boolean keepAlerts(List<Alerter.Saved> now) {
        List<Object> digest = digest(now);
        if (digest.equals(lastAlerts) && held()) {
            return true;
        }
        boolean kept = keep(alertsKey(), StateJson.write(new AlertsDoc(cluster, instance, clock.instant(), now)));
        if (kept) {
            lastAlerts = digest;
        }
        return kept;
    }

    /** The healing state, kept in this cluster's partition; a refused save throws, so the attempt does not start. */
    public HealStateStore.Place healPlace() {
        return new HealStateStore.Place() {
            @Override
            public byte[] load() {
                return heal;
            }

            @Override
            public void save(byte[] json) {
                if (!keep(healKey(), json)) {
                    throw new IllegalStateException("healing state of " + cluster + " not kept: this instance no longer "
                            + "owns the cluster, so it does nothing more there");
                }
            }

            @Override
            public String describe() {
                return partition + " key " + healKey();
            }
        };
    }

    /** Whether this instance still owns the cluster as far as it knows: no write refused, not revoked. */
    public boolean held() {
        return !ended && !refused;
    }

    boolean refused() {
        return refused;
    }

    /** The partition was revoked or lost: nothing more is written. */
    void end() {
        ended = true;
    }

    private boolean keep(String key, byte[] value) {
        if (!held()) {
            return false;
        }
        if (!keeper.keep(this, key, value)) {
            refused = true;
            return false;
        }
        return true;
    }

    private String alertsKey() {
        return cluster + "/alerts";
    }

    private String healKey() {
        return cluster + "/heal";
    }

    /** What decides whether an alert is told again: not the finding's message or value, which change every cycle. */
    private static List<Object> digest(List<Alerter.Saved> saved) {
        return saved.stream().<Object>map(s -> List.of(s.alert().key(), s.alert().severity(), s.firing(),
                Objects.toString(s.lastSent()), s.lastSilenced(), s.alert().activeSince())).toList();
    }
}
