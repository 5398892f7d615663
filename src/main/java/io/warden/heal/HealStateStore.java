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
 * The healing state of one cluster as JSON: in a file, replaced atomically (written, fsynced,
 * renamed) after every change, so a crash leaves the old state or the new one, never half of each;
 * or in a {@link Place} elsewhere (a fleet keeps it in Kafka, so the next owner of the cluster
 * continues it).
 */
public final class HealStateStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Somewhere else to keep the state. {@code save} must have kept it when it returns: the healer
     * saves an attempt before it runs it, and a save that throws stops the attempt.
     */
    public interface Place {
        /** The saved JSON, or null when nothing was saved yet. */
        byte[] load();

        void save(byte[] json);

        /** For messages, e.g. the topic and partition. */
        String describe();
    }

    private final Path file; // null when kept in a place
    private final Place place;

    public HealStateStore(Path file) {
        this.file = file;
        this.place = null;
    }

    public HealStateStore(Place place) {
        this.file = null;
        this.place = place;
    }

    Path file() {
        return file;
    }

    /** The saved state, or an empty one when there is none yet. */
    HealState load() {
        try {
            if (place != null) {
                byte[] json = place.load();
                return json == null ? new HealState() : JSON.readValue(json, HealState.class);
            }
            if (!Files.exists(file)) {
                return new HealState();
            }
            return JSON.readValue(file.toFile(), HealState.class);
        } catch (IOException e) {
            throw new WardenException(WardenException.DATA, "healing state " + (place != null ? place.describe() : file)
                    + " cannot be read: " + e.getMessage()
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
            if (place != null) {
                place.save(JSON.writeValueAsBytes(state));
                return;
            }
            AtomicFiles.write(file, JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot write healing state to " + file + ": " + e.getMessage(), e);
        }
    }
}
