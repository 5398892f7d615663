package io.warden.protect.drift;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.warden.InputFiles;
import io.warden.JsonProblem;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads and writes JSON metadata files, refusing files of another format or a newer version. */
public final class MetadataFile {

    /** Shared by the metadata backup, whose file embeds a {@link ClusterMetadata}. */
    public static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MetadataFile() {
    }

    public static void write(Path file, Object value) {
        try {
            MAPPER.writeValue(file.toFile(), value);
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
