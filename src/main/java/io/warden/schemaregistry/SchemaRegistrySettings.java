package io.warden.schemaregistry;

import io.warden.ServiceUrls;
import io.warden.WardenException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach one Schema Registry: its URLs (instances of one registry, tried in order), optional
 * HTTP basic credentials, and a bound on each request.
 *
 * @param urls     such as {@code http://registry:8081}; a path prefix is kept, e.g. Apicurio's
 *                 {@code http://apicurio:8080/apis/ccompat/v7}
 * @param username basic auth user, or null for none
 * @param password basic auth password, null exactly when {@code username} is; never printed
 */
public record SchemaRegistrySettings(List<URI> urls, String username, String password, Duration timeout) {

    private static final String URL = "Schema Registry URL";
    private static final String CREDENTIALS_HINT =
            "give the user with --schema-registry-user and the password in WARDEN_SCHEMA_REGISTRY_PASSWORD";

    public SchemaRegistrySettings {
        Objects.requireNonNull(timeout, "timeout");
        if (urls == null || urls.isEmpty()) {
            throw new WardenException(WardenException.CONFIG, "no Schema Registry URL given: list at least one, e.g. http://registry:8081");
        }
        urls = urls.stream().map(u -> ServiceUrls.normalize(URL, u, CREDENTIALS_HINT)).toList();
        if ((username == null) != (password == null)) {
            throw new WardenException(WardenException.CONFIG, "Schema Registry basic auth needs both a user and a password"
                    + (password == null ? " (set WARDEN_SCHEMA_REGISTRY_PASSWORD)" : ""));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new WardenException(WardenException.CONFIG, "Schema Registry request timeout must be positive, was " + timeout);
        }
    }

    public static SchemaRegistrySettings of(List<String> urls, String username, String password, Duration timeout) {
        return new SchemaRegistrySettings(urls.stream().map(u -> ServiceUrls.parse(URL, u, CREDENTIALS_HINT)).toList(),
                username, password, timeout);
    }

    public boolean basicAuth() {
        return username != null;
    }

    @Override
    public String toString() {
        return "SchemaRegistrySettings[urls=" + urls + ", username=" + username
                + ", password=" + (password == null ? null : "[hidden]") + ", timeout=" + timeout + "]";
    }
}
