package io.warden.comply;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a certificate is valid for a host, checked as a TLS client checks it (RFC 6125, as the
 * JDK's HTTPS endpoint identification does): an address must be an {@code IP:} entry; a name must
 * match a {@code DNS:} entry, where {@code *} stands for the whole leftmost label only; the
 * subject's common name counts only when there is no {@code DNS:} entry at all.
 */
final class HostNames {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    static boolean isAddress(String host) {
        return host.contains(":") || IPV4.matcher(host).matches();
    }

    static boolean matches(String host, CertificateInfo certificate) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> sans = certificate.subjectAltNames();
        if (isAddress(h)) {
            return sans.stream().filter(s -> s.startsWith("IP:")).anyMatch(s -> sameAddress(h, s.substring(3)));
        }
        List<String> dns = sans.stream().filter(s -> s.startsWith("DNS:")).map(s -> s.substring(4)).toList();
        if (dns.isEmpty()) {
            String cn = commonName(certificate.subject());
            return cn != null && nameMatches(h, cn);
        }
        return dns.stream().anyMatch(pattern -> nameMatches(h, pattern));
    }

    static boolean nameMatches(String host, String pattern) {
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        if (!p.startsWith("*.")) {
            return h.equals(p);
        }
        String suffix = p.substring(1); // ".example.com"
        // a wildcard covers one label, and never a bare public suffix such as *.com
        return suffix.indexOf('.', 1) > 0 && h.endsWith(suffix) && h.length() > suffix.length()
                && h.substring(0, h.length() - suffix.length()).indexOf('.') < 0;
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean sameAddress(String a, String b) {
        if (!literal(a) || !literal(b)) {
            return a.equalsIgnoreCase(b);
        }
        try {
            // both are literals here, so this parses and never looks a name up
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return a.equalsIgnoreCase(b);
        }
    }

    /** An address Java parses without a lookup: IPv6 (it has a colon) or four octets of at most 255. */
    private static boolean literal(String host) {
        if (host.contains(":")) {
            return true;
        }
        if (!IPV4.matcher(host).matches()) {
            return false;
        }
        for (String octet : host.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String commonName(String dn) {
        try {
            for (var rdn : new javax.naming.ldap.LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }
}
