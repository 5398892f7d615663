package io.warden.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} inside a value the YAML parser has already
 * read, so a value is taken exactly as the environment holds it, whatever YAML would make of it;
 * and remembers what it put in, so that {@link #mask} can turn any message back into the
 * {@code ${VAR}} the operator wrote. Secrets come from the environment; no message shows them.
 */
final class EnvSubstitution {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    /** Shorter values are masked only as whole words: masking every "1" would garble the message. */
    private static final int MIN_ANYWHERE = 4;

    private final Function<String, String> environment;
    private final List<String[]> substituted = new ArrayList<>(); // {value, reference}, longest value first

    EnvSubstitution(Function<String, String> environment) {
        this.environment = environment;
    }

    /** Nothing substituted: masks nothing. */
    static EnvSubstitution none() {
        return new EnvSubstitution(name -> null);
    }

    static boolean hasReference(String text) {
        return text.contains("${") && REFERENCE.matcher(text).find();
    }

    /**
     * The text with every reference replaced; an unset variable without a default is named to
     * {@code unset} and left as written.
     */
    String substitute(String text, Consumer<String> unset) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null && m.group(2) == null) {
                unset.accept(m.group(1));
                value = m.group();
            } else if (value == null) {
                value = m.group(2); // written in the file: not a secret
            } else {
                remember(value, "${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    private void remember(String value, String reference) {
        List<String> parts = new ArrayList<>(List.of(value, value.strip()));
        parts.addAll(value.lines().map(String::strip).toList()); // a message may quote one line of it
        for (String part : parts) {
            if (!part.isEmpty() && substituted.stream().noneMatch(s -> s[0].equals(part))) {
                substituted.add(new String[] {part, reference});
            }
        }
        substituted.sort(Comparator.comparingInt((String[] s) -> s[0].length()).reversed());
    }

    /** The text with every value that came from the environment replaced by its {@code ${VAR}}. */
    String mask(String text) {
        if (text == null || substituted.isEmpty()) {
            return text;
        }
        // one pass, so a reference put in is never itself masked again
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            String[] hit = null;
            for (String[] s : substituted) {
                if (text.startsWith(s[0], i) && (s[0].length() >= MIN_ANYWHERE || wholeWord(text, i, s[0].length()))) {
                    hit = s;
                    break;
                }
            }
            if (hit == null) {
                out.append(text.charAt(i++));
            } else {
                out.append(hit[1]);
                i += hit[0].length();
            }
        }
        return out.toString();
    }

    private static boolean wholeWord(String text, int start, int length) {
        int end = start + length;
        return (start == 0 || !Character.isLetterOrDigit(text.charAt(start - 1)))
                && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)));
    }
}
