package io.warden.cli;

import io.warden.config.ConfigLoader;
import io.warden.config.WardenConfig;
import io.warden.schemaregistry.SchemaRegistryClient;
import io.warden.schemaregistry.SchemaRegistrySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Which Schema Registry a metadata backup or restore includes. With the URL on the command line the
 * password comes only from the environment, so it shows neither in the shell history nor in the
 * process list; in warden.yaml it is a ${ENV} reference.
 */
final class SchemaRegistryOptions {

    static final String PASSWORD_ENV = "WARDEN_SCHEMA_REGISTRY_PASSWORD";
    static final String USER_ENV = "WARDEN_SCHEMA_REGISTRY_USER";

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "A Schema Registry (Confluent REST API; Apicurio: http://HOST:PORT/apis/ccompat/v7) whose subjects "
                    + "to include; repeat for instances of the same registry (default: cluster.schema-registry in --config).")
    List<String> urls = List.of();

    @Option(names = "--schema-registry-user", paramLabel = "USER",
            description = "Basic auth user for the Schema Registry (default: $" + USER_ENV + "); the password is read from $"
                    + PASSWORD_ENV + ".")
    String user;

    /**
     * The client for the registry named on the command line, else for the one in the config file's
     * {@code cluster.schema-registry}; null when neither names one.
     *
     * @param configFile warden.yaml, or null
     */
    SchemaRegistryClient client(Duration timeout, Path configFile) {
        if (!urls.isEmpty()) {
            String username = user != null ? user : System.getenv(USER_ENV);
            String password = username == null ? null : System.getenv(PASSWORD_ENV);
            return new SchemaRegistryClient(SchemaRegistrySettings.of(urls, username, password, timeout));
        }
        if (configFile == null) {
            return null;
        }
        WardenConfig.RestServiceConfig c = ConfigLoader.fromSystemEnvironment().load(configFile).cluster().schemaRegistry();
        if (c == null || c.urls().isEmpty()) {
            return null;
        }
        return new SchemaRegistryClient(SchemaRegistrySettings.of(c.urls(), c.username(), c.password(), c.timeout()));
    }
}
