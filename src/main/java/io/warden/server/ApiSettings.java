package io.warden.server;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who may use the HTTP endpoint and how it is served ({@code http:} in the config).
 *
 * @param authEnabled    require a bearer token on the API; only a demo or a test should turn it off.
 *                       On without tokens, the API is not served at all ({@link #servesApi()})
 * @param tokens         the tokens that may call the API, each with its role
 * @param protectMetrics also require a viewer token on {@code /metrics} and {@code /health}; needs tokens
 * @param tls            serve HTTPS with this keystore, whether or not the API is served; null serves plain HTTP
 */
public record ApiSettings(boolean authEnabled, List<ApiToken> tokens, boolean protectMetrics, TlsSettings tls) {

    public ApiSettings {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        if (protectMetrics && (!authEnabled || tokens.isEmpty())) {
            throw new IllegalArgumentException("http.auth.protect-metrics needs http.auth enabled with at least one token; "
                    + "without one nothing could read /metrics and /health");
        }
        Map<String, String> nameByToken = new HashMap<>();
        Map<String, Boolean> names = new HashMap<>();
        for (ApiToken t : tokens) {
            if (names.put(t.name(), true) != null) {
                throw new IllegalArgumentException("http.auth.tokens: the name '" + t.name() + "' is used twice; "
                        + "names tell callers apart in logs and silences");
            }
            String other = nameByToken.put(t.token(), t.name());
            if (other != null) {
                throw new IllegalArgumentException("http.auth.tokens '" + other + "' and '" + t.name()
                        + "' have the same token; give each its own so each can be revoked alone");
            }
        }
    }

    /** Auth on with these tokens, metrics open, plain HTTP. */
    public static ApiSettings withTokens(List<ApiToken> tokens) {
        return new ApiSettings(true, tokens, false, null);
    }

    /** No auth at all: anyone who can reach the port may read and change silences. For demos only. */
    public static ApiSettings unauthenticated() {
        return new ApiSettings(false, List.of(), false, null);
    }

    /** The API is served when it can be guarded (tokens) or was opened on purpose (auth off). */
    public boolean servesApi() {
        return !authEnabled || !tokens.isEmpty();
    }
}
