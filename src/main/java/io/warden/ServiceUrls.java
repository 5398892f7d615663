package io.warden;

import java.net.URI;

/**
 * Checks the base URL of an HTTP service Warden calls (Kafka Connect, Schema Registry). Messages
 * never repeat credentials or a query someone pasted into the URL.
 */
public final class ServiceUrls {

    private ServiceUrls() {
    }

    /**
     * @param what            names the URL in messages, e.g. "Connect worker URL"
     * @param credentialsHint where the credentials go instead of the URL
     */
    public static URI parse(String what, String url, String credentialsHint) {
        try {
            return normalize(what, URI.create(url.strip()), credentialsHint);
        } catch (IllegalArgumentException e) {
            throw new WardenException(WardenException.CONFIG, what + " is not a valid URL: " + e.getClass().getSimpleName());
        }
    }

    /** The URL without a trailing slash; a path prefix (a proxy, Apicurio's API path) is kept. */
    public static URI normalize(String what, URI url, String credentialsHint) {
        String scheme = url.getScheme();
        if (url.getRawUserInfo() != null) {
            throw new WardenException(WardenException.CONFIG, what + " " + scheme + "://" + url.getHost()
                    + " carries credentials: " + credentialsHint);
        }
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
            throw new WardenException(WardenException.CONFIG, what + " " + url + " is not http(s)://host[:port]");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            // queries may carry tokens: name the service without them
            throw new WardenException(WardenException.CONFIG, what + " " + scheme + "://" + url.getRawAuthority()
                    + " must not have a query or fragment");
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }
}
