package io.warden.dr;

import io.warden.WardenException;
import io.warden.config.WardenConfig.RestServiceConfig;
import io.warden.connect.ConnectClient;
import io.warden.connect.ConnectSettings;
import io.warden.dr.ParityReport.Difference;
import io.warden.schemaregistry.RegistryContent;
import io.warden.schemaregistry.SchemaRegistryClient;
import io.warden.schemaregistry.SchemaRegistrySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the Schema Registries and Connect clusters of both sides of a pair, as the metadata
 * backup reads them, and compares them. Only reads. A side that does not answer is reported as
 * not compared, never as equal.
 */
public final class ParityService {

    /**
     * Where each side's registry and Connect cluster are; any may be null.
     */
    public record Endpoints(SchemaRegistrySettings sourceRegistry, SchemaRegistrySettings targetRegistry,
                            ConnectSettings sourceConnect, ConnectSettings targetConnect) {

        /** The sides' {@code schema-registry:} and {@code connect:} sections. */
        public static Endpoints of(DrPair pair) {
            return new Endpoints(registry(pair.source().schemaRegistry()), registry(pair.target().schemaRegistry()),
                    connect(pair.source().connect()), connect(pair.target().connect()));
        }

        public boolean any() {
            return sourceRegistry != null || targetRegistry != null || sourceConnect != null || targetConnect != null;
        }

        private static SchemaRegistrySettings registry(RestServiceConfig c) {
            return c == null || c.urls().isEmpty() ? null : SchemaRegistrySettings.of(c.urls(), c.username(), c.password(), c.timeout());
        }

        private static ConnectSettings connect(RestServiceConfig c) {
            if (c == null || c.urls().isEmpty()) {
                return null;
            }
            return ConnectSettings.of(c.urls(), c.username(), c.password(), c.timeout());
        }
    }

    public ParityReport compare(Endpoints e) throws InterruptedException {
        List<Difference> differences = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Integer subjects = null;
        if (e.sourceRegistry() != null && e.targetRegistry() != null) {
            RegistryContent p = read("the primary's Schema Registry", () -> new SchemaRegistryClient(e.sourceRegistry()).read(), unknown);
            RegistryContent d = read("the DR Schema Registry", () -> new SchemaRegistryClient(e.targetRegistry()).read(), unknown);
            if (p != null && d != null) {
                differences.addAll(ParityDiff.registries(p, d));
                TreeSet<String> all = new TreeSet<>(p.subjects().keySet());
                all.addAll(d.subjects().keySet());
                subjects = all.size();
            }
        } else if (e.sourceRegistry() != null || e.targetRegistry() != null) {
            unknown.add("Schema Registry: only the " + (e.sourceRegistry() != null ? "primary's" : "DR's") + " is named; name the "
                    + (e.sourceRegistry() != null ? "DR's with --target-schema-registry-url" : "primary's with --source-schema-registry-url"));
        }
        Integer connectors = null;
        if (e.sourceConnect() != null && e.targetConnect() != null) {
            Map<String, Map<String, String>> p = read("the primary's Connect cluster",
                    () -> new ConnectClient(e.sourceConnect()).connectorConfigs(), unknown);
            Map<String, Map<String, String>> d = read("the DR Connect cluster",
                    () -> new ConnectClient(e.targetConnect()).connectorConfigs(), unknown);
            if (p != null && d != null) {
                differences.addAll(ParityDiff.connectors(p, d));
                TreeSet<String> all = new TreeSet<>(p.keySet());
                all.addAll(d.keySet());
                connectors = all.size();
            }
        } else if (e.sourceConnect() != null || e.targetConnect() != null) {
            unknown.add("Connect: only the " + (e.sourceConnect() != null ? "primary's" : "DR's") + " is named; name the "
                    + (e.sourceConnect() != null ? "DR's with --target-connect-url" : "primary's with --source-connect-url"));
        }
        return new ParityReport(urls(e.sourceRegistry() == null ? null : e.sourceRegistry().urls()),
                urls(e.targetRegistry() == null ? null : e.targetRegistry().urls()),
                urls(e.sourceConnect() == null ? null : e.sourceConnect().workers()),
                urls(e.targetConnect() == null ? null : e.targetConnect().workers()), subjects, connectors, differences, unknown);
    }

    private interface Read<T> {
        T get() throws InterruptedException;
    }

    private static <T> T read(String what, Read<T> read, List<String> unknown) throws InterruptedException {
        try {
            return read.get();
        } catch (WardenException ex) {
            unknown.add(what + " could not be read: " + ex.getMessage());
            return null;
        }
    }

    private static String urls(List<?> urls) {
        return urls == null ? null : String.join(",", urls.stream().map(Object::toString).toList());
    }
}
