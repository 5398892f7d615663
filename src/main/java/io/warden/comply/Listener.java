package io.warden.comply;

import java.util.List;
import java.util.Locale;

/**
 * A broker listener as clients reach it. Names and hosts come from the broker: untrusted text.
 *
 * @param brokerId        the broker, or -1 when only the bootstrap address is known
 * @param name            the listener name, e.g. {@code SASL_SSL} or {@code INTERNAL}
 * @param protocol        its security protocol: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param host            the advertised host
 * @param port            the advertised port
 * @param loopbackOnly    bound only to loopback addresses, so unreachable from other hosts
 * @param saslMechanisms  the SASL mechanisms it enables (empty for PLAINTEXT and SSL)
 * @param sslClientAuth   its {@code ssl.client.auth}: required, requested or none (null when unknown)
 */
public record Listener(int brokerId, String name, String protocol, String host, int port, boolean loopbackOnly,
                       List<String> saslMechanisms, String sslClientAuth) {

    public Listener {
        saslMechanisms = List.copyOf(saslMechanisms);
    }

    public boolean tls() {
        return protocol.equals("SSL") || protocol.equals("SASL_SSL");
    }

    public boolean sasl() {
        return protocol.startsWith("SASL_");
    }

    /** Clients must prove who they are: SASL, or TLS with a required client certificate. */
    public boolean authenticates() {
        return sasl() || (protocol.equals("SSL") && "required".equals(sslClientAuth));
    }

    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** e.g. {@code broker 1 listener SASL_SSL}, or {@code bootstrap PLAINTEXT}. */
    public String label() {
        return (brokerId < 0 ? "bootstrap " : "broker " + brokerId + " listener ") + name.toUpperCase(Locale.ROOT);
    }
}
