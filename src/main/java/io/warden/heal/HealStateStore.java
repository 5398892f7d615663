package io.warden.heal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.warden.AtomicFiles;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The healing state of one cluster in a JSON file, replaced atomically (written, fsynced, renamed)
 * after every change, so a crash leaves the old state or the new one, never half of each.
 */
public final class HealStateStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;

    public HealStateStore(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** The saved state, or an empty one when there is no file yet. */
    HealState load() {
        if (!Files.exists(file)) {
            return new HealState();
        }
        try {
            return JSON.readValue(file.toFile(), HealState.class);
        } catch (IOException e) {
            throw new WardenException(WardenException.DATA, "healing state " + file + " cannot be read: " + e.getMessage()
                    + "; it holds attempt counts and cooldowns — fix it, or move it away to start healing afresh", e);
        }
    }

    /**
     * One alert self-healing is handling, as {@code warden heal status} shows it.
     *
     * @param lastOutcome the last attempt's outcome, null before the first
     */
    public record IncidentView(String key, String playbook, java.time.Instant alertSince, int attempts, String lastOutcome,
                               java.time.Instant nextAttemptAt, java.time.Instant escalatedAt, String lastDecision) {
    }

    /** The alerts in the saved state. */
    public java.util.List<IncidentView> incidents() {
        return load().incidents.values().stream().map(i -> new IncidentView(i.key, i.playbook, i.alertSince,
                i.attempts.size(), i.attempts.isEmpty() ? null : i.last().outcome(), i.nextAttemptAt, i.escalatedAt,
                i.lastDecision)).toList();
    }

    void save(HealState state) {
        try {
            AtomicFiles.write(file, JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot write healing state to " + file + ": " + e.getMessage(), e);
        }
    }
}
