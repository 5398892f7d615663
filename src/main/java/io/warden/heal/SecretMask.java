package io.warden.heal;

import io.warden.audit.Redactor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hides secrets in what an action printed, or the error it ended with, before the text reaches a
 * notification, the audit trail or the healing state file: every value given (a playbook step's
 * {@code env:}, the daemon's own secret-looking environment variables), then whatever
 * {@link Redactor#text} recognises as an assignment of a secret. A verbose ssh, a script echoing
 * its configuration or a client error quoting a JAAS line must not leak through an escalation.
 */
final class SecretMask {

    /** Shorter values would hide ordinary words and numbers, not secrets. */
    private static final int MIN_LENGTH = 4;

    private final List<String> values;

    private SecretMask(Collection<String> values) {
        List<String> kept = new ArrayList<>(values.stream().filter(v -> v != null && v.length() >= MIN_LENGTH).distinct().toList());
        kept.sort(Comparator.comparingInt(String::length).reversed()); // a secret containing another goes first
        this.values = List.copyOf(kept);
    }

    /** The values of the variables in {@code environment} whose names look secret ({@link Redactor#isSecretName}). */
    static SecretMask ofSecretsIn(Map<String, String> environment) {
        return new SecretMask(environment.entrySet().stream().filter(e -> Redactor.isSecretName(e.getKey()))
                .map(Map.Entry::getValue).toList());
    }

    /** This mask, also hiding each of {@code more}. */
    SecretMask and(Collection<String> more) {
        List<String> all = new ArrayList<>(values);
        all.addAll(more);
        return new SecretMask(all);
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        for (String secret : values) {
            text = text.replace(secret, Redactor.HIDDEN);
        }
        return Redactor.text(text);
    }
}
