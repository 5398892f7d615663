package io.warden.dr;

import io.warden.WardenException;
import io.warden.config.WardenConfig.TierConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Recovery tiers: which source topics each covers and its RPO/RTO targets. The first tier whose
 * topics match a topic holds it; a topic in no tier is {@code standard}.
 */
public record RpoTiers(List<Tier> tiers) {

    /** One tier; {@code topics} matches whole topic names. */
    public record Tier(String name, Pattern topics, Duration rpo, Duration rto) {
    }

    /** The DR runbook's targets: critical RTO 15m / RPO 1m, important 1h / 15m, standard 4h / 1h. */
    static final Map<String, Duration[]> KNOWN = Map.of(
            "critical", new Duration[] {Duration.ofMinutes(1), Duration.ofMinutes(15)},
            "important", new Duration[] {Duration.ofMinutes(15), Duration.ofHours(1)},
            "standard", new Duration[] {Duration.ofHours(1), Duration.ofHours(4)});

    public RpoTiers {
        tiers = List.copyOf(tiers);
    }

    /**
     * @param where the config path of the list, for messages (e.g. {@code cluster.dr.tiers})
     * @param exit  78 from the config file, 64 from the command line
     */
    public static RpoTiers of(List<TierConfig> configs, String where, int exit) {
        List<Tier> out = new ArrayList<>();
        for (int i = 0; i < configs.size(); i++) {
            TierConfig c = configs.get(i);
            String at = where + "[" + i + "]";
            if (c.name() == null || c.name().isBlank()) {
                throw new WardenException(exit, at + ".name is missing: name the tier, e.g. critical, important or standard");
            }
            Duration[] known = KNOWN.get(c.name());
            Duration rpo = c.rpo() != null ? c.rpo() : known == null ? null : known[0];
            Duration rto = c.rto() != null ? c.rto() : known == null ? null : known[1];
            if (rpo == null || rto == null) {
                throw new WardenException(exit, at + " (" + c.name() + ") needs rpo and rto: only critical, important and"
                        + " standard have defaults");
            }
            if (rpo.isNegative() || rpo.isZero()) {
                throw new WardenException(exit, at + ".rpo " + rpo + " must be more than 0");
            }
            Pattern topics = c.topics() == null ? Pattern.compile(".*") : MirrorFilter.compile(c.topics(), at + ".topics", exit);
            out.add(new Tier(c.name(), topics, rpo, rto));
        }
        if (out.stream().noneMatch(t -> t.name().equals("standard"))) {
            Duration[] d = KNOWN.get("standard");
            out.add(new Tier("standard", Pattern.compile(".*"), d[0], d[1]));
        }
        return new RpoTiers(out);
    }

    /** The tier that holds {@code sourceTopic}. */
    public Tier of(String sourceTopic) {
        for (Tier t : tiers) {
            if (t.topics().matcher(sourceTopic).matches()) {
                return t;
            }
        }
        return tiers.get(tiers.size() - 1);
    }
}
