package io.warden.dr;

import io.warden.dr.ParityReport.Difference;
import io.warden.protect.metadata.ConfigDiff;
import io.warden.schemaregistry.RegistryContent;
import io.warden.schemaregistry.SchemaVersion;
import io.warden.schemaregistry.SubjectSchemas;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Compares the primary's Schema Registry and connectors with the DR's. Pure. */
final class ParityDiff {

    static final String REGISTRY = "schema-registry";
    static final String CONNECT = "connect";
    private static final String NONE = "-";

    private ParityDiff() {
    }

    /** Missing subjects, differing latest versions and schemas (by fingerprint), differing compatibility. */
    static List<Difference> registries(RegistryContent primary, RegistryContent dr) {
        List<Difference> out = new ArrayList<>();
        if (!Objects.equals(primary.compatibility(), dr.compatibility())) {
            out.add(new Difference(REGISTRY, "(global)", "compatibility", or(primary.compatibility()), or(dr.compatibility())));
        }
        TreeSet<String> names = new TreeSet<>(primary.subjects().keySet());
        names.addAll(dr.subjects().keySet());
        for (String subject : names) {
            SubjectSchemas p = primary.subjects().get(subject);
            SubjectSchemas d = dr.subjects().get(subject);
            if (d == null) {
                out.add(new Difference(REGISTRY, subject, "missing on DR", latest(p), NONE));
                continue;
            }
            if (p == null) {
                out.add(new Difference(REGISTRY, subject, "only on DR", NONE, latest(d)));
                continue;
            }
            SchemaVersion pl = newest(p);
            SchemaVersion dl = newest(d);
            if (pl != null && dl != null && pl.version() != dl.version()) {
                out.add(new Difference(REGISTRY, subject, "latest version", String.valueOf(pl.version()), String.valueOf(dl.version())));
            }
            if (pl != null && dl != null && !pl.sameContent(dl)) {
                out.add(new Difference(REGISTRY, subject, "latest schema", fingerprint(pl), fingerprint(dl)));
            }
            if (!Objects.equals(p.compatibility(), d.compatibility())) {
                out.add(new Difference(REGISTRY, subject, "compatibility", level(p.compatibility()), level(d.compatibility())));
            }
        }
        return out;
    }

    /** Connectors missing on DR (or only there) and differing config keys, secrets masked. */
    static List<Difference> connectors(Map<String, Map<String, String>> primary, Map<String, Map<String, String>> dr) {
        List<Difference> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(primary.keySet());
        names.addAll(dr.keySet());
        for (String name : names) {
            Map<String, String> p = primary.get(name);
            Map<String, String> d = dr.get(name);
            if (d == null) {
                out.add(new Difference(CONNECT, name, "missing on DR", p.getOrDefault("connector.class", "?"), NONE));
            } else if (p == null) {
                out.add(new Difference(CONNECT, name, "only on DR", NONE, d.getOrDefault("connector.class", "?")));
            } else {
                ConfigDiff.changes(p, d).forEach(c -> out.add(new Difference(CONNECT, name, "config " + c.key(),
                        c.changedSecret() ? "changed" : c.left(), c.changedSecret() ? "changed" : c.right())));
            }
        }
        return out;
    }

    /**
     * A short fingerprint of a version's content (type, schema, references), the schema's JSON
     * compared by value so a registry's re-serialization does not count as a change.
     */
    static String fingerprint(SchemaVersion v) {
        String schema = v.schema();
        try {
            schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree(schema).toString();
        } catch (java.io.IOException e) {
            // Protobuf text: as is
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((v.schemaType() + "\n" + schema + "\n" + v.references())
                    .getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static SchemaVersion newest(SubjectSchemas s) {
        return s.versions().stream().max(Comparator.comparingInt(SchemaVersion::version)).orElse(null);
    }

    private static String latest(SubjectSchemas s) {
        SchemaVersion v = newest(s);
        return v == null ? "no live version" : "version " + v.version() + " " + fingerprint(v);
    }

    private static String level(String compatibility) {
        return compatibility == null ? "(global)" : compatibility;
    }

    private static String or(String s) {
        return s == null ? NONE : s;
    }
}
