package io.warden.protect.drift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.warden.AtomicFiles;
import io.warden.InputFiles;
import io.warden.JsonProblem;
import io.warden.WardenException;
import java.io.IOException;
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

    public static <T> T read(Path file, Class<T> type) {
        byte[] bytes = InputFiles.read(file, "metadata file", InputFiles.LARGE);
        try {
            T value = MAPPER.readValue(bytes, type);
            if (value == null) {
                throw new WardenException(WardenException.DATA, file + " is not a Warden metadata file: it holds null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new WardenException(WardenException.DATA, file + " is not a Warden metadata file: " + JsonProblem.describe(e), e);
        } catch (IOException e) {
            throw new WardenException(WardenException.DATA, file + " cannot be read: " + e.getMessage(), e);
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
