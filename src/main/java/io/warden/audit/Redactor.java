package io.warden.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in evidence before it is written anywhere that lasts. Callers should never put a
 * secret in an event; this is the second line of defence for the day one slips through, for
 * example inside a Kafka client's error message that echoes its configuration.
 *
 * <p>A value is hidden when its name looks secret: it contains {@code password}, {@code passwd},
 * {@code passphrase}, {@code secret}, {@code token}, {@code jaas}, {@code credential},
 * {@code authorization} or {@code user.info}, has the word {@code pwd}, or names a qualified key
 * ({@code api.key}, {@code apiKey}, {@code private_key}, {@code ssl.key}, {@code access-key} ...).
 * A bare {@code key} is kept: in Warden's evidence it is a finding or alert key, not a secret; so is
 * a count under a plural name ({@code tokens: 3}). In free text, {@code name=value} and
 * {@code "name": "value"} assignments with such names (quoted values whole, also JSON inside a
 * string and JAAS lines), the password of a URL's user info, {@code Bearer} tokens and
 * {@code --password VALUE} are hidden too.
 */
public final class Redactor {

    /** What a hidden value is replaced with. */
    public static final String HIDDEN = "[hidden]";

    private static final Pattern SECRET_WORD =
            Pattern.compile("password|passwd|passphrase|secret|token|jaas|credential|authorization|user[._-]?info");
    private static final Set<String> KEY_QUALIFIERS =
            Set.of("api", "private", "access", "secret", "signing", "encryption", "ssl", "auth", "master", "client",
                    "keystore", "account", "shared");
    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
    /** A name, its closing quote if it is quoted (also JSON-escaped), and the separator before the value. */
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z0-9_.\\-]+)(?:\\\\?[\"'])?\\s*[=:]\\s*");
    private static final Pattern FLAG = Pattern.compile("(?i)(?<![\\w-])--?[a-z0-9_.\\-]*(?:password|passwd|passphrase|secret|token|pwd)"
            + "[a-z0-9_.\\-]*(?:\\s+|=)");
    private static final Pattern URL_USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.\\-]*://[^\\s:/@]*):[^\\s/@]+@");
    private static final Pattern BEARER = Pattern.compile("\\bBearer\\s+[A-Za-z0-9\\-._~+/]+=*");
    private static final Pattern AUTH_SCHEME = Pattern.compile("(?i)bearer|basic|digest|negotiate|token|apikey");
    private static final String UNQUOTED_END = ",;&}])\"'";
    private static final Pattern REFERENCE = Pattern.compile("['\"]?\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?}['\"]?");

    private Redactor() {
    }

    /** A copy of {@code data} with secret-looking values hidden, also in nested maps and lists. */
    public static Map<String, Object> redact(Map<String, Object> data) {
        Map<String, Object> copy = new LinkedHashMap<>();
        data.forEach((k, v) -> copy.put(k, hides(k, v) ? HIDDEN : value(v)));
        return copy;
    }

    /** Free text (an error message, a program's output) with its secret-looking parts hidden. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll("$1:" + Matcher.quoteReplacement(HIDDEN) + "@");
        out = assignments(out);
        out = flags(out);
        return BEARER.matcher(out).replaceAll("Bearer " + Matcher.quoteReplacement(HIDDEN));
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
            if (w.equals("apikey") || w.equals("privatekey") || w.equals("pwd")
                    || w.equals("key") && i > 0 && KEY_QUALIFIERS.contains(words[i - 1].toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * A secret name hides its value, unless the value is a count under a plural name
     * ({@code tokens: 3}) or the {@code ${VAR}} that stands for the secret in Warden's config.
     */
    private static boolean hides(String name, Object value) {
        return isSecretName(name) && !(isPlural(name) && (value instanceof Number || value instanceof CharSequence s
                && !s.isEmpty() && s.chars().allMatch(Character::isDigit)))
                && !(value instanceof CharSequence s && REFERENCE.matcher(s).matches());
    }

    private static boolean isPlural(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith("s") && !name.toLowerCase(Locale.ROOT).endsWith("ss");
    }

    private static Object value(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, x) -> {
                String name = String.valueOf(k);
                copy.put(name, hides(name, x) ? HIDDEN : value(x));
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

    /**
     * Hides the value of every {@code name=value} or {@code name: value} whose name looks secret. A
     * value that is not hidden is scanned too, since it may hold assignments of its own.
     */
    private static String assignments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = ASSIGNMENT.matcher(text);
        int pos = 0;
        while (pos < text.length() && m.find(pos)) {
            int start = m.end();
            int end = valueEnd(text, start, m.group(1).toLowerCase(Locale.ROOT).contains("authorization"));
            out.append(text, pos, start);
            if (end > start && hides(m.group(1), text.substring(start, end))) {
                out.append(HIDDEN);
                pos = end;
            } else {
                pos = start;
            }
        }
        return out.append(text, Math.min(pos, text.length()), text.length()).toString();
    }

    private static String flags(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Matcher m = FLAG.matcher(text);
        int pos = 0;
        while (pos < text.length() && m.find(pos)) {
            int end = valueEnd(text, m.end(), false);
            out.append(text, pos, m.end()).append(end > m.end() ? HIDDEN : "");
            pos = Math.max(end, m.end());
        }
        return out.append(text, Math.min(pos, text.length()), text.length()).toString();
    }

    /**
     * Where the value starting at {@code i} ends: a quoted value (also JSON-escaped quotes) at its
     * closing quote, a bracketed one at its matching bracket, any other at the next space or
     * delimiter. With {@code header}, a scheme such as {@code Bearer} takes its credential along.
     */
    private static int valueEnd(String s, int i, boolean header) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
            int close = s.indexOf("\\\"", i + 2);
            return close < 0 ? s.length() : close + 2;
        }
        if (c == '"' || c == '\'') {
            for (int j = i + 1; j < s.length(); j++) {
                if (s.charAt(j) == '\\' && c == '"') {
                    j++;
                } else if (s.charAt(j) == c) {
                    return j + 1;
                }
            }
            return s.length();
        }
        if (s.startsWith("${", i) && s.indexOf('}', i) > 0) {
            return s.indexOf('}', i) + 1; // a ${VAR} reference, which is kept
        }
        if (c == '{' || c == '[') {
            return bracketEnd(s, i);
        }
        int end = unquotedEnd(s, i);
        if (header && AUTH_SCHEME.matcher(s.substring(i, end)).matches()) {
            int next = end;
            while (next < s.length() && s.charAt(next) == ' ') {
                next++;
            }
            if (next > end && next < s.length()) {
                end = unquotedEnd(s, next);
            }
        }
        return end;
    }

    private static int unquotedEnd(String s, int i) {
        int j = i;
        while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && UNQUOTED_END.indexOf(s.charAt(j)) < 0) {
            j++;
        }
        return j;
    }

    private static int bracketEnd(String s, int i) {
        int depth = 0;
        boolean quoted = false;
        for (int j = i; j < s.length(); j++) {
            char c = s.charAt(j);
            if (quoted) {
                if (c == '\\') {
                    j++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return j + 1;
            }
        }
        return s.length();
    }
}
