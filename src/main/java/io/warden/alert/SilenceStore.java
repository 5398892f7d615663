package io.warden.alert;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.warden.InputFiles;
import io.warden.JsonProblem;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Silences kept in a JSON file, so that the CLI, the HTTP API and the daemon share them and they
 * survive a restart. Writes replace the file atomically; the daemon re-reads it when it changed.
 * Expired silences are dropped on the next write.
 */
public final class SilenceStore implements Silences {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final Clock clock;
    private List<Silence> cached = List.of();
    private FileTime cachedAt;

    public SilenceStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** Every silence in the file, expired ones included; re-read only when the file changed. */
    @Override
    public synchronized List<Silence> all() {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            if (!modified.equals(cachedAt)) {
                List<Silence> read = JSON.readValue(InputFiles.read(file, "silences file", InputFiles.SMALL),
                        new TypeReference<List<Silence>>() { });
                if (read == null || read.contains(null)) {
                    throw new WardenException(WardenException.DATA, "silences file " + file + " holds no list of silences"
                            + "; fix or remove it (it only holds silences)");
                }
                cached = List.copyOf(read);
                cachedAt = modified;
            }
        } catch (NoSuchFileException e) {
            cached = List.of();
            cachedAt = null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new WardenException(WardenException.DATA, "silences file " + file + " is not a list of silences ("
                    + JsonProblem.describe(e) + "); fix or remove it (it only holds silences)", e);
        } catch (IOException e) {
            throw new WardenException(WardenException.DATA, "silences file " + file + " cannot be read: " + e.getMessage()
                    + "; fix or remove it (it only holds silences)", e);
        }
        return cached;
    }

    @Override
    public List<Silence> active() {
        var now = clock.instant();
        return all().stream().filter(s -> s.activeAt(now)).toList();
    }

    @Override
    public synchronized Silence add(Map<String, String> matchers, Duration duration, String createdBy, String comment) {
        Silence silence = Silence.of(matchers, duration, createdBy, comment, clock.instant());
        List<Silence> next = new ArrayList<>(active());
        next.add(silence);
        write(next);
        return silence;
    }

    @Override
    public synchronized boolean expire(String id) {
        var now = clock.instant();
        List<Silence> next = new ArrayList<>();
        boolean found = false;
        for (Silence s : active()) {
            if (s.id().equals(id)) {
                found = true;
            } else {
                next.add(s);
            }
        }
        if (found) {
            write(next);
        }
        return found || all().stream().anyMatch(s -> s.id().equals(id) && !s.activeAt(now));
    }

    private void write(List<Silence> silences) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".silences", ".tmp");
            JSON.writeValue(tmp.toFile(), silences);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            cachedAt = null;
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot write silences to " + file + ": " + e.getMessage(), e);
        }
    }
}
