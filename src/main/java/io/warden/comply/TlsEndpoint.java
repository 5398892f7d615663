package io.warden.comply;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A TLS endpoint and the chain it presented.
 *
 * @param host   as advertised or configured (untrusted when it came from a broker)
 * @param port   its port
 * @param source what it is, e.g. {@code broker 1 listener SASL_SSL}, {@code connect}, {@code schema-registry}
 * @param chain  the presented chain, leaf first; empty when it could not be read
 * @param error  why the chain could not be read, or null
 */
public record TlsEndpoint(String host, int port, String source, List<CertificateInfo> chain, String error) {

    public TlsEndpoint {
        chain = List.copyOf(chain);
    }

    /** {@code host:port}, an IPv6 literal in brackets: the key findings and metrics use. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public boolean read() {
        return !chain.isEmpty();
    }

    public Optional<CertificateInfo> leaf() {
        return chain.stream().findFirst();
    }

    /** The certificate of the chain that expires first: when it expires, clients stop trusting the endpoint. */
    public Optional<CertificateInfo> firstToExpire() {
        return chain.stream().min(Comparator.comparing(CertificateInfo::notAfter));
    }
}
