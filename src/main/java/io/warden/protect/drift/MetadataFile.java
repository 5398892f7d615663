package io.warden.protect.drift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.warden.AtomicFiles;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/** Reads and writes JSON metadata files, refusing files of another format or a newer version. */
public final class MetadataFile {

    /** Shared by the metadata backup, whose file embeds a {@link ClusterMetadata}. */
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MetadataFile() {
    }

    /** Atomically and owner-only, as every file Warden writes: a crash leaves the old file or the new one. */
    public static void write(Path file, Object value) {
        try {
            AtomicFiles.write(file, MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Refuses, before anything connects, a file that cannot be written where it is named: a directory, or under a file. */
    public static void checkWritable(Path file) {
        if (Files.isDirectory(file)) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write " + file + ": it is a directory; name a file");
        }
        Path existing = file.toAbsolutePath().getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && (!Files.isDirectory(existing) || !Files.isWritable(existing))) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write " + file + ": " + existing
                    + (Files.isDirectory(existing) ? " cannot be written by this user" : " is a file, not a directory"));
        }
    }

    public static <T> T read(Path file, Class<T> type) {
        try {
            if (Files.isDirectory(file)) {
                throw new WardenException(WardenException.NO_INPUT, file + " is a directory, not a Warden metadata file");
            }
            T value = MAPPER.readValue(Files.readString(file), type);
            if (value == null) {
                throw new WardenException(WardenException.DATA, file + " is empty (JSON null), not a Warden metadata file");
            }
            return value;
        } catch (NoSuchFileException e) {
            throw new WardenException(WardenException.NO_INPUT, "no such file: " + file, e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw new WardenException(WardenException.DATA, file + (at == null ? "" : ": line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": not a Warden metadata file (" + e.getOriginalMessage().replaceAll("\\s+", " ") + ")", e);
        } catch (IOException e) {
            throw new WardenException(WardenException.DATA, file + " is not a Warden metadata file: " + e.getMessage(), e);
        }
    }

    public static ClusterMetadata readSnapshot(Path file) {
        ClusterMetadata m = read(file, ClusterMetadata.class);
        check(file, m.format(), m.version());
        String missing = m.capturedAt() == null ? "capturedAt"
                : m.topics().values().stream().anyMatch(Objects::isNull) ? "a topic's metadata"
                : m.brokers().values().stream().anyMatch(Objects::isNull) ? "a broker's configs"
                : m.acls() != null && m.acls().stream().anyMatch(Objects::isNull) ? "an ACL" : null;
        if (missing != null) {
            throw new WardenException(WardenException.DATA, file + ": " + missing + " is missing: not a baseline 'warden drift snapshot'"
                    + " wrote; take a new one");
        }
        return m;
    }

    public static void check(Path file, String format, int version) {
        if (!ClusterMetadata.FORMAT.equals(format)) {
            throw new WardenException(WardenException.DATA, file + " is not a Warden metadata file (format: " + format + ")");
        }
        if (version > ClusterMetadata.VERSION) {
            throw new WardenException(WardenException.DATA, file + " has format version " + version
                    + "; this Warden reads up to " + ClusterMetadata.VERSION);
        }
    }
}
