package io.warden.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hides secrets in evidence before it is written anywhere that lasts. Callers should never put a
 * secret in an event; this is the second line of defence for the day one slips through, for
 * example inside a Kafka client's error message that echoes its configuration.
 *
 * <p>A value is hidden when its name looks secret: it contains {@code password}, {@code passwd},
 * {@code secret}, {@code token}, {@code jaas} or {@code credential}, or it names a qualified key
 * ({@code api.key}, {@code apiKey}, {@code private_key}, {@code ssl.key}, {@code access-key} ...).
 * A bare {@code key} is kept: in Warden's evidence it is a finding or alert key, not a secret.
 * In string values, {@code password=...}-style assignments (as in a JAAS line) are hidden too.
 */
public final class Redactor {

    /** What a hidden value is replaced with. */
    public static final String HIDDEN = "[hidden]";

    private static final Pattern SECRET_WORD = Pattern.compile("password|passwd|secret|token|jaas|credential");
    private static final Set<String> KEY_QUALIFIERS =
            Set.of("api", "private", "access", "secret", "signing", "encryption", "ssl", "auth", "master", "client",
                    "keystore");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)((?:password|passwd|secret|token|api[._-]?key)[\\w.-]*\\s*[=:]\\s*)(\\[hidden]|\"[^\"]*\"|'[^']*'|[^\\s,;&}\\]]+)");

    private Redactor() {
    }

    /** A copy of {@code data} with secret-looking values hidden, also in nested maps and lists. */
    public static Map<String, Object> redact(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>();
        data.forEach((k, v) -> copy.put(k, isSecretName(k) ? HIDDEN : value(v)));
        return copy;
    }

    /**
     * Free text (a program's output, an error message) with {@code password=...}-style assignments
     * hidden; text hidden once stays as it is when hidden again.
     */
    public static String text(String text) {
        return text == null ? null : ASSIGNMENT.matcher(text).replaceAll("$1" + HIDDEN);
    }

    /** Whether a configuration or evidence name looks like it holds a secret. */
    public static boolean isSecretName(String name) {
        if (name == null) {
            return false;
        }
        if (SECRET_WORD.matcher(name.toLowerCase(Locale.ROOT)).find()) {
            return true;
        }
        String[] words = WORD_BOUNDARY.split(name);
        for (int i = 0; i < words.length; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            if (w.equals("apikey") || w.equals("privatekey")
                    || w.equals("key") && i > 0 && KEY_QUALIFIERS.contains(words[i - 1].toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    private static Object value(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, x) -> {
                String name = String.valueOf(k);
                copy.put(name, isSecretName(name) ? HIDDEN : value(x));
            });
            return copy;
        }
        if (v instanceof Iterable<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(x -> copy.add(value(x)));
            return copy;
        }
        if (v instanceof CharSequence s) {
            return text(s.toString());
        }
        return v;
    }
}
