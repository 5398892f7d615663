package io.warden.audit;

import io.warden.InputFiles;
import io.warden.WardenException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads an audit trail written by {@link AuditTrail}: the rotated files oldest first, then the
 * live file. A line that is not a whole event (torn by a crash, or garbage) is skipped and
 * counted, never fatal; a file none of whose lines is an event is not a trail at all and is
 * refused. A trail that does not exist yet reads as empty.
 */
public final class AuditReader {

    private AuditReader() {
    }

    /**
     * The events of the trail at {@code file} that pass {@code filter}, in time order (events with
     * the same time keep the order they were written in).
     *
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    public static AuditLog read(Path file, Predicate<AuditEvent> filter) {
        List<Path> files = new ArrayList<>();
        try {
            List<Map.Entry<Integer, Path>> rotated = AuditTrail.rotatedFiles(file);
            for (int i = rotated.size() - 1; i >= 0; i--) {
                files.add(rotated.get(i).getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the rotated audit files of " + file + ": " + e.getMessage(), e);
        }
        files.add(file);
        List<AuditEvent> events = new ArrayList<>();
        int skipped = 0;
        for (Path p : files) {
            int[] lines = readFile(p, filter, events);
            if (lines[0] > 0 && lines[1] == lines[0]) {
                throw new WardenException(WardenException.DATA, "audit file " + p + " is not a Warden audit trail: none of its "
                        + lines[0] + " line(s) is an audit event; name the file the daemon's audit.file writes");
            }
            skipped += lines[1];
        }
        events.sort(Comparator.comparing(AuditEvent::time)); // stable: ties keep the written order
        return new AuditLog(events, skipped);
    }

    /** Reads one file into {@code into}: how many lines it had and how many of them were skipped. */
    private static int[] readFile(Path file, Predicate<AuditEvent> filter, List<AuditEvent> into) {
        int lines = 0;
        int skipped = 0;
        if (Files.exists(file)) {
            InputFiles.requireRegular(file, "audit file");
        }
        // InputStreamReader replaces malformed bytes instead of throwing, as it must for a line cut
        // in the middle of a multi-byte character
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                AuditEvent event = AuditJson.parse(line);
                if (event == null) {
                    skipped++;
                } else if (filter.test(event)) {
                    into.add(event);
                }
            }
        } catch (NoSuchFileException e) {
            return new int[] {0, 0}; // not written yet, or rotated away while we listed
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit file " + file + ": " + e.getMessage(), e);
        }
        return new int[] {lines, skipped};
    }

    /** Every event. */
    public static Predicate<AuditEvent> all() {
        return e -> true;
    }

    /** Events at or after {@code from}. */
    public static Predicate<AuditEvent> since(Instant from) {
        return e -> !e.time().isBefore(from);
    }

    /**
     * Events of any of these types, where a type also matches its subtypes: {@code alert} matches
     * {@code alert.fired} and {@code alert.resolved}, not {@code alerting}. No types: every event.
     */
    public static Predicate<AuditEvent> type(String... types) {
        List<String> wanted = new ArrayList<>();
        for (String t : types) {
            wanted.add(t.toLowerCase(Locale.ROOT));
        }
        return e -> {
            if (wanted.isEmpty()) {
                return true;
            }
            String type = e.type().toLowerCase(Locale.ROOT);
            return wanted.stream().anyMatch(t -> type.equals(t) || type.startsWith(t + "."));
        };
    }

    /** Events whose key contains {@code part}, ignoring case. */
    public static Predicate<AuditEvent> key(String part) {
        String wanted = part.toLowerCase(Locale.ROOT);
        return e -> e.key() != null && e.key().toLowerCase(Locale.ROOT).contains(wanted);
    }
}
