package io.warden.daemon.ha;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/** This instance's place in its fleet as metrics, read at scrape time. */
public final class HaMetrics {

    private HaMetrics() {
    }

    public static void register(PrometheusRegistry registry, Supplier<FleetMember.Role> role) {
        perInstance(registry, role, "warden_ha_owned_clusters",
                "Watched clusters this instance owns in its fleet now (0: it stands by).", r -> r.owned().size());
        perInstance(registry, role, "warden_ha_waiting_clusters", "Clusters the fleet gave this instance that it does "
                + "not watch yet, because their state cannot be read from the home cluster; nobody watches them meanwhile.",
                r -> r.waiting().size());
        perInstance(registry, role, "warden_ha_generation", "The fleet group's generation this instance last joined (-1 "
                + "before it joined); every rebalance raises it, and a write under an older one is refused.",
                FleetMember.Role::generation);
        GaugeWithCallback.builder().name("warden_ha_owner")
                .help("1 for each cluster this instance owns: it alone watches, notifies and heals there.")
                .labelNames("instance", "cluster")
                .callback(cb -> {
                    var r = role.get();
                    r.owned().forEach(c -> cb.call(1, r.instance(), c));
                }).register(registry);
    }

    private static void perInstance(PrometheusRegistry registry, Supplier<FleetMember.Role> role, String name, String help,
                                    ToIntFunction<FleetMember.Role> value) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("instance", "group")
                .callback(cb -> {
                    var r = role.get();
                    cb.call(value.applyAsInt(r), r.instance(), r.group());
                }).register(registry);
    }
}
