package io.warden.heal;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shapes a value may have before it fills a placeholder of a command ({@code {topic}},
 * {@code {group}}, {@code {broker.host}}, any label). Whoever can create a topic, run a consumer or
 * deploy a connector chooses these names: one starting with {@code -} would be read as an option,
 * and one handed to {@code ssh} is parsed again by the remote shell. So each kind of value has a
 * strict shape — no leading {@code -}, no white space, quotes, {@code $}, backticks, {@code ;},
 * {@code |}, {@code &}, line breaks — and a value that does not fit is refused, never quoted or
 * cleaned up.
 */
final class PlaceholderValues {

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final String HOST = "(?=[^:]{1,253}$)" + LABEL + "(?:\\." + LABEL + ")*"
            + "|(?=.{2,45}$)[0-9A-Fa-f]*:[0-9A-Fa-f:.]*"; // a host name, an IPv4 or an IPv6 address
    private static final String NAME = "(?!\\.{1,2}$)[A-Za-z0-9._][A-Za-z0-9._-]{0,248}";

    private enum Kind {
        NUMBER("a number", "[0-9]{1,10}"),
        HOST_NAME("a host name or IP address", HOST),
        TOPIC("a Kafka topic name", NAME),
        NAME_OR_ID("a name Warden hands to a command", NAME),
        ENDPOINT("a host:port", "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9A-Fa-f:.]{2,45}])"
                + ":[0-9]{1,5}"),
        PATH("an absolute path", "(?!.*(?:^|/)\\.\\.(?:/|$))/[A-Za-z0-9._/-]{0,4095}");

        final String what;
        final Pattern pattern;

        Kind(String what, String regex) {
            this.what = what;
            this.pattern = Pattern.compile(regex);
        }
    }

    private static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("broker", Kind.NUMBER), Map.entry("broker.id", Kind.NUMBER), Map.entry("broker.port", Kind.NUMBER),
            Map.entry("port", Kind.NUMBER), Map.entry("task", Kind.NUMBER), Map.entry("partition", Kind.NUMBER),
            Map.entry("broker.host", Kind.HOST_NAME), Map.entry("host", Kind.HOST_NAME),
            Map.entry("topic", Kind.TOPIC), Map.entry("worker", Kind.ENDPOINT), Map.entry("dir", Kind.PATH));

    private static final String ALLOWED_NAME = "letters, digits, '.', '_' and '-', not starting with '-'";
    private static final int SHOWN = 120;

    private PlaceholderValues() {
    }

    /**
     * Why {@code value} must not fill {@code {name}}, or null when it fits. A group, connector,
     * cluster or any other label is held to the shape of a topic name.
     */
    static String problem(String name, String value) {
        Kind kind = KINDS.getOrDefault(name, Kind.NAME_OR_ID);
        if (kind.pattern.matcher(value).matches()) {
            return null;
        }
        String allowed = kind == Kind.TOPIC || kind == Kind.NAME_OR_ID ? " (" + ALLOWED_NAME + ", up to 249)" : "";
        return "{" + name + "} is " + quoted(value) + ", which is not " + kind.what + allowed
                + "; a value chosen by a client of the cluster must not become an option or a shell word";
    }

    /** The value as one printable line in double quotes, escaped like a Java string literal and cut short. */
    static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        int shown = Math.min(value.length(), SHOWN);
        for (int i = 0; i < shown; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
        if (value.length() > shown) {
            out.append(" (").append(value.length() - shown).append(" more characters)");
        }
        return out.toString();
    }
}
