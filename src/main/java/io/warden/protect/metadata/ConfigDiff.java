package io.warden.protect.metadata;

import io.warden.audit.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The differing keys of two topic or connector configs, secrets masked. A secret's values are
 * never shown (Kafka Connect returns them unmasked): a changed one says only {@code changed}, a
 * missing one only which side has it.
 */
public final class ConfigDiff {

    static final String HIDDEN = "[hidden]";
    static final String DEFAULT = "(default)";

    /**
     * One differing key, its values as they may be shown.
     *
     * @param left  the left side's value, {@code (default)} when absent, {@code [hidden]} for a secret
     * @param right the right side's value, likewise
     * @param changedSecret a secret set on both sides to different values: shown only as {@code changed}
     */
    public record Change(String key, String left, String right, boolean changedSecret) {

        /** {@code config k: changed} for a secret on both sides, else {@code config k: LEFT x, RIGHT y}. */
        public String line(String leftSide, String rightSide) {
            return changedSecret ? "config " + key + ": changed"
                    : "config " + key + ": " + leftSide + " " + left + ", " + rightSide + " " + right;
        }
    }

    private ConfigDiff() {
    }

    /** The keys whose values differ, in key order. */
    public static List<Change> changes(Map<String, String> left, Map<String, String> right) {
        TreeSet<String> keys = new TreeSet<>(left.keySet());
        keys.addAll(right.keySet());
        List<Change> out = new ArrayList<>();
        for (String k : keys) {
            String l = left.get(k);
            String r = right.get(k);
            if (!Objects.equals(l, r)) {
                out.add(new Change(k, shown(k, l), shown(k, r), isSecret(k) && l != null && r != null));
            }
        }
        return out;
    }

    /**
     * The value as it may be shown: {@code [hidden]} for a secret, {@code (default)} when absent,
     * and any other value with the secrets inside it hidden (a password in a JDBC URL).
     */
    public static String shown(String key, String value) {
        return value == null ? DEFAULT : isSecret(key) ? HIDDEN : Redactor.text(value);
    }

    /** A copy with every secret's value masked. */
    public static Map<String, String> masked(Map<String, String> configs) {
        Map<String, String> out = new TreeMap<>(configs);
        out.replaceAll(ConfigDiff::shown);
        return out;
    }

    /**
     * Whether a topic or connector config holds a credential: a secret-looking name, or Kafka
     * Connect's conventions for credentials ({@code connection.password}, {@code *.secret},
     * {@code aws.secret.key}, {@code azblob.account.key}, {@code *.pass}: the last word {@code key} or
     * {@code pass}). {@code key.converter} and the like are not: their last word is another.
     */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return Redactor.isSecretName(key) || lower.matches("(.*[._-])?(key|pass)");
    }
}
