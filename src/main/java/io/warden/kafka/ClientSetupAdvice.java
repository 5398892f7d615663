package io.warden.kafka;

import io.warden.WardenException;
import java.util.Locale;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.config.ConfigException;

/**
 * Says in one line why Kafka's client could not even be made from the security settings — no
 * {@code sasl.jaas.config} for the mechanism, a JAAS line Kafka cannot parse, an OAuth token
 * endpoint the JVM does not allow, a login (an identity provider's token) that failed — and which
 * setting to fix. Kafka logs in while it builds a SASL client, so these fail before any broker is
 * asked. Repeats no secret: it quotes only the first line of Kafka's message, which names settings,
 * never their values.
 */
public final class ClientSetupAdvice {

    static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    static final String ALLOWED_FILES = "org.apache.kafka.sasl.oauthbearer.allowed.files";
    private static final java.util.regex.Pattern WRAPPER =
            java.util.regex.Pattern.compile("^(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");

    private ClientSetupAdvice() {
    }

    /**
     * The failure as a Warden error: exit 78 for settings that cannot work, 69 for a login that
     * failed (the identity provider did not answer or refused); null when it is not about security.
     */
    public static WardenException explain(Throwable e, ConnectionSettings settings) {
        String mechanism = settings.clientProperties().getOrDefault("sasl.mechanism", "GSSAPI");
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = firstLine(t.getMessage());
            String lower = reason.toLowerCase(Locale.ROOT);
            if (t instanceof LoginException) {
                return new WardenException(WardenException.UNAVAILABLE, "login for mechanism " + mechanism + " failed before "
                        + "connecting to " + settings.bootstrapServers() + ": " + reason + " (" + loginAdvice(mechanism, settings)
                        + "; --verbose logs Kafka's reason)", e);
            }
            if (t instanceof ConfigException && lower.contains(ALLOWED_URLS)) {
                return new WardenException(WardenException.CONFIG, "Kafka's client calls an OAuth URL "
                        + "(sasl.oauthbearer.token.endpoint.url, sasl.oauthbearer.jwks.endpoint.url) only when the JVM allows it: "
                        + "run Warden with WARDEN_JAVA_OPTS=\"-D" + ALLOWED_URLS + "=URL[,URL...]\"", e);
            }
            if (t instanceof ConfigException && lower.contains(ALLOWED_FILES)) {
                return new WardenException(WardenException.CONFIG, "Kafka's client reads an OAuth file "
                        + "(sasl.oauthbearer.token.endpoint.url file:, sasl.oauthbearer.assertion.*file) only when the JVM allows "
                        + "it: run Warden with WARDEN_JAVA_OPTS=\"-D" + ALLOWED_FILES + "=FILE[,FILE...]\"", e);
            }
            if (t instanceof ConfigException && (lower.contains("sasl.") || lower.contains("ssl."))) {
                return new WardenException(WardenException.CONFIG, "the security settings cannot be used: " + reason, e);
            }
            if (t instanceof IllegalArgumentException && lower.contains("'kafkaclient' entry in the jaas configuration")) {
                return new WardenException(WardenException.CONFIG, "sasl.mechanism " + mechanism + " needs sasl.jaas.config"
                        + example(mechanism), e);
            }
            if (t instanceof IllegalArgumentException && lower.contains("jaas")) {
                return new WardenException(WardenException.CONFIG, "sasl.jaas.config cannot be read: " + reason + example(mechanism), e);
            }
        }
        return null;
    }

    private static String loginAdvice(String mechanism, ConnectionSettings settings) {
        if (!"OAUTHBEARER".equals(mechanism)) {
            return "check sasl.jaas.config";
        }
        String url = settings.clientProperties().get("sasl.oauthbearer.token.endpoint.url");
        return url == null
                ? "check the options of sasl.jaas.config and sasl.login.callback.handler.class"
                : "check that the token endpoint " + url + " (sasl.oauthbearer.token.endpoint.url) is reachable from here "
                        + "and the client credentials";
    }

    /** The login module each of Kafka's mechanisms takes, as a hint. */
    private static String example(String mechanism) {
        String module = switch (mechanism) {
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"...\" password=\"...\";";
            case "SCRAM-SHA-256", "SCRAM-SHA-512" ->
                    "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"...\" password=\"...\";";
            case "OAUTHBEARER" -> "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
            case "GSSAPI" -> "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true keyTab=\"...\" principal=\"...\";";
            default -> null;
        };
        return module == null ? "" : ", a JAAS line such as '" + module + "'";
    }

    /** Kafka wraps causes into messages, with their stack traces: the first line, without the wrappers' class names. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String line = message.lines().findFirst().orElse("").strip();
        for (String unwrapped = WRAPPER.matcher(line).replaceFirst(""); !unwrapped.equals(line);
                unwrapped = WRAPPER.matcher(line).replaceFirst("")) {
            line = unwrapped;
        }
        return line;
    }
}
