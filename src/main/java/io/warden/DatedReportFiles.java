package io.warden;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A report an auditor keeps, as Markdown to read and JSON to process, both named by kind, subject
 * and date ({@code KIND-SUBJECT-20261207T193000Z.md}) so repeated runs sit side by side.
 */
public final class DatedReportFiles {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private DatedReportFiles() {
    }

    /**
     * Writes both files into {@code dir} (made if missing) and returns them, Markdown first.
     *
     * @param kind    e.g. {@code compliance}, {@code dr-drill}
     * @param subject the cluster or pair the report is about; characters unsafe in a file name become {@code _}
     */
    public static List<Path> write(Path dir, String kind, String subject, Instant at, String markdown, Object report) {
        String base = kind + "-" + (subject == null ? "unknown" : subject.replaceAll("[^A-Za-z0-9_-]", "_")) + "-" + STAMP.format(at);
        Path md = dir.resolve(base + ".md");
        Path json = dir.resolve(base + ".json");
        try {
            AtomicFiles.createDirectories(dir);
            AtomicFiles.write(md, markdown.getBytes(StandardCharsets.UTF_8));
            AtomicFiles.write(json, json(report).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WardenException(WardenException.CANT_CREATE, "cannot write the " + kind + " report to " + dir.toAbsolutePath()
                    + ": " + e.getMessage() + "; name a writable directory with --report-dir", e);
        }
        return List.of(md, json);
    }

    public static String json(Object report) {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot render the report as JSON: " + e.getMessage(), e);
        }
    }

    /** Text that cannot break a Markdown table row, start markup of its own or carry HTML. */
    public static String md(String s) {
        if (s == null) {
            return "-";
        }
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\r", " ").replace("\n", " ");
    }
}
