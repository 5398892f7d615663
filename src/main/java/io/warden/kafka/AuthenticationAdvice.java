package io.warden.kafka;

import io.warden.WardenException;
import java.util.Locale;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Says in one line why the brokers would not let Warden in — a wrong password, a mechanism the
 * listener does not offer, a TLS handshake that failed — and which setting of
 * {@code --command-config} to fix. Never repeats a secret: the messages come from the brokers and
 * the JDK's TLS stack, which name no password.
 */
public final class AuthenticationAdvice {

    private static final java.util.regex.Pattern OAUTH_STATUS =
            java.util.regex.Pattern.compile("\"status\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");

    private AuthenticationAdvice() {
    }

    /**
     * The failure as a Warden error (exit 69), or null when {@code e} is not an authentication or
     * TLS handshake failure.
     *
     * @param settings how Warden connected, or null when not known
     */
    public static WardenException explain(Throwable e, ConnectionSettings settings) {
        AuthenticationException refused = null;
        for (Throwable t = e; t != null && refused == null; t = t.getCause()) {
            if (t instanceof AuthenticationException a) {
                refused = a;
            }
        }
        if (refused == null) {
            return null;
        }
        String at = settings == null ? "" : " at " + settings.bootstrapServers();
        String mechanism = settings == null ? null
                : settings.clientProperties().getOrDefault("sasl.mechanism", "GSSAPI");
        boolean hasKeystore = settings != null && (settings.clientProperties().containsKey("ssl.keystore.location")
                || settings.clientProperties().containsKey("ssl.keystore.key"));
        return new WardenException(WardenException.UNAVAILABLE, message(refused, at, mechanism, hasKeystore), e);
    }

    private static String message(AuthenticationException refused, String at, String mechanism, boolean hasKeystore) {
        String reason = String.valueOf(refused.getMessage());
        if (refused instanceof SslAuthenticationException) {
            return "TLS handshake" + at + " failed: " + tls(chain(refused), hasKeystore);
        }
        String by = mechanism == null ? "" : " for mechanism " + mechanism;
        if (refused instanceof UnsupportedSaslMechanismException) {
            return "authentication failed" + by + at + ": the listener does not offer this mechanism (" + reason
                    + "); set sasl.mechanism in --command-config to one it enables";
        }
        if (refused instanceof SaslAuthenticationException && "OAUTHBEARER".equals(mechanism)) {
            String oauth = oauthbearer(reason);
            if (oauth != null) {
                return "authentication failed" + by + at + ": " + oauth;
            }
        }
        if (refused instanceof SaslAuthenticationException && wrongCredentials(reason)) {
            return "authentication failed" + by + at + ": wrong user name or password (check sasl.jaas.config in --command-config)";
        }
        return "authentication failed" + by + at + ": " + reason
                + " (check security.protocol, sasl.mechanism and sasl.jaas.config in --command-config)";
    }

    /**
     * The brokers answer a token they do not accept with RFC 7628's JSON error, e.g.
     * {@code {"status":"invalid_token"}}; a client whose JAAS module made no token fails before
     * sending one.
     */
    private static String oauthbearer(String reason) {
        var status = OAUTH_STATUS.matcher(reason);
        if (status.find()) {
            return "the brokers rejected the token (" + status.group(1) + "): check its claims (subject, scope, audience, "
                    + "issuer) and lifetime against what the brokers validate, and sasl.jaas.config, "
                    + "sasl.login.callback.handler.class and sasl.oauthbearer.* in --command-config";
        }
        if (reason.contains("No OAuth Bearer tokens")) {
            return "no token to send: sasl.jaas.config in --command-config must use "
                    + "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule for sasl.mechanism OAUTHBEARER";
        }
        return null;
    }

    private static boolean wrongCredentials(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        return r.contains("invalid credentials") || r.contains("invalid username or password")
                || r.contains("authentication failed: credentials") || r.contains("bad password");
    }

    /** What the TLS stack said, and which setting that points at. */
    private static String tls(String chain, boolean hasKeystore) {
        String c = chain.toLowerCase(Locale.ROOT);
        if (c.contains("certificateexpired") || c.contains("validity check failed")) {
            return "the broker's certificate has expired (renew it on the broker; until then nothing can connect)";
        }
        if (c.contains("pkix path") || c.contains("unable to find valid certification path")
                || c.contains("certpathbuilder") || c.contains("no trusted certificate")) {
            return "the broker's certificate is not signed by a CA in the truststore (set ssl.truststore.location in "
                    + "--command-config to a truststore holding the CA that signed the brokers' certificates)";
        }
        if (c.contains("no subject alternative") || c.contains("no name matching")) {
            return "the broker's certificate does not name the host connected to (connect with --bootstrap-server to a "
                    + "host name or IP address in the certificate's subject alternative names)";
        }
        boolean refusedClient = c.contains("bad_certificate") || c.contains("certificate_unknown") || c.contains("unknown_ca");
        // a broker that wants a certificate it did not get says bad_certificate, as for one it does not trust
        if (c.contains("certificate_required") || refusedClient && !hasKeystore) {
            return "the broker requires a client certificate (set ssl.keystore.location and ssl.keystore.password "
                    + "in --command-config)";
        }
        if (refusedClient) {
            return "the broker refused the client certificate (set ssl.keystore.location in --command-config to a "
                    + "keystore whose certificate is signed by a CA the brokers trust, and not expired)";
        }
        return chain + " (check the ssl.* settings in --command-config)";
    }

    /** The messages of the failure and its causes, as one line. */
    private static String chain(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (out.length() > 0) {
                out.append(": ");
            }
            out.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                out.append(" ").append(t.getMessage());
            }
        }
        return out.toString().replaceAll("\\s+", " ");
    }
}
