package io.warden.heal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.WardenException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pause switch shared by {@code warden heal pause|resume} and the daemon: a small file in the
 * healing state directory that exists while healing is paused and says who paused it, when and why.
 * Paused healing keeps every alert and acts on it (or escalates) after resuming.
 */
public final class HealPause {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final java.util.function.Supplier<String> elsewhere; // null when the file says

    public HealPause(Path stateDir) {
        this.file = stateDir.resolve("heal-paused.json");
        this.elsewhere = null;
    }

    /** A switch kept elsewhere (a fleet keeps it in Kafka); only read here. */
    public HealPause(java.util.function.Supplier<String> reason) {
        this.file = null;
        this.elsewhere = reason;
    }

    /** Who paused healing, when and why, or null when it is not paused. */
    public String reason() {
        if (elsewhere != null) {
            return elsewhere.get();
        }
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return describe(JSON.readValue(file.toFile(), Map.class));
        } catch (IOException e) {
            return "pause file " + file + " is unreadable; paused to be safe";
        }
    }

    /** "by alice at 2026-...: kafka upgrade", from what {@link #record} made. */
    public static String describe(Map<?, ?> m) {
        return "by " + m.get("by") + " at " + m.get("at") + (m.get("reason") == null || "".equals(m.get("reason"))
                ? "" : ": " + m.get("reason"));
    }

    /** Who paused, when and why, as it is kept. */
    public static Map<String, Object> record(String by, String reason, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("by", by);
        m.put("at", at.toString());
        m.put("reason", reason == null ? "" : reason);
        return m;
    }

    public void pause(String by, String reason, Instant at) {
        Map<String, Object> m = record(by, reason, at);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".heal-paused", ".tmp");
            JSON.writeValue(tmp.toFile(), m);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot pause healing: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Returns false when healing was not paused. */
    public boolean resume() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot resume healing: cannot remove " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }
}
