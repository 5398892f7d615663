package io.warden.comply;

import io.warden.kafka.Futures;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.security.auth.x500.X500Principal;

/**
 * Reads the certificate chain a TLS endpoint presents, and nothing more: the handshake trusts any
 * chain (it is read to be judged, not to send anything over the connection), sends the host name
 * (SNI) so a server with several certificates shows the one its clients get, offers no client
 * certificate and no credentials, and is bounded by the timeout on connect and on every read.
 * An endpoint that demands a client certificate still shows its own chain before it refuses.
 */
public final class TlsChainReader {

    private final Duration timeout;

    public TlsChainReader(Duration timeout) {
        this.timeout = timeout;
    }

    public TlsEndpoint read(String host, int port, String source) {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        ChainRecorder recorder = new ChainRecorder();
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), ms);
            plain.setSoTimeout(ms);
            SSLContext context = SSLContext.getInstance("TLS");
            // an empty array, not null: for null, SSLContext.init may look up a provider's default key manager
            context.init(new KeyManager[0], new TrustManager[] {recorder}, null);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
                SSLParameters parameters = tls.getSSLParameters();
                serverName(host, parameters);
                tls.setSSLParameters(parameters);
                tls.startHandshake();
            } catch (IOException e) {
                if (recorder.chain.get() == null) {
                    throw e;
                }
                // the server refused us after showing its chain (it wants a client certificate): enough
            }
            return new TlsEndpoint(host, port, source, certificates(recorder.chain.get()), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new TlsEndpoint(host, port, source, List.of(), Futures.describe(e));
        }
    }

    private static void serverName(String host, SSLParameters parameters) {
        if (HostNames.isAddress(host)) {
            return; // an address literal is not a server name (RFC 6066)
        }
        try {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        } catch (IllegalArgumentException notAName) {
            // a host the JDK does not accept as a name is sent without SNI
        }
    }

    static List<CertificateInfo> certificates(X509Certificate[] chain) {
        List<CertificateInfo> out = new ArrayList<>();
        if (chain != null) {
            for (X509Certificate c : chain) {
                out.add(info(c));
            }
        }
        return out;
    }

    static CertificateInfo info(X509Certificate c) {
        return new CertificateInfo(c.getSubjectX500Principal().getName(X500Principal.RFC2253),
                c.getIssuerX500Principal().getName(X500Principal.RFC2253), subjectAltNames(c),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }

    private static List<String> subjectAltNames(X509Certificate c) {
        List<String> out = new ArrayList<>();
        try {
            var names = c.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    Object value = name.get(1);
                    String prefix = switch (type) {
                        case 1 -> "email:";
                        case 2 -> "DNS:";
                        case 6 -> "URI:";
                        case 7 -> "IP:";
                        default -> null;
                    };
                    if (prefix != null && value instanceof String s) {
                        out.add(prefix + s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            out.add("unreadable:" + e.getMessage());
        }
        return out;
    }

    /** Trusts every chain and keeps it: the reader judges it afterwards, nothing is sent over it. */
    private static final class ChainRecorder extends X509ExtendedTrustManager {
        final AtomicReference<X509Certificate[]> chain = new AtomicReference<>();

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket) {
            chain.set(certificates.clone());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) {
            chain.set(certificates.clone());
        }

        @Override
        public void checkServerTrusted(X509Certificate[] certificates, String authType) {
            chain.set(certificates.clone());
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket) {
            throw new UnsupportedOperationException("a reader is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a reader is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] certificates, String authType) {
            throw new UnsupportedOperationException("a reader is never a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
