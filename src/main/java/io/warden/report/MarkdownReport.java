package io.warden.report;

import io.warden.report.ReportLayout.Section;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Report} as a Markdown document: a heading per section, its sentences as a list, its table as a pipe table. */
public final class MarkdownReport {

    private MarkdownReport() {
    }

    /** The whole document, ending in a newline. */
    public static String render(Report report) {
        List<String> blocks = new ArrayList<>(); // heading, sentences, table: one blank line between any two
        for (Section s : ReportLayout.of(report)) {
            blocks.add("#".repeat(s.level()) + " " + escape(s.title()) + "\n");
            if (!s.lines().isEmpty()) {
                StringBuilder list = new StringBuilder();
                s.lines().forEach(l -> list.append("- ").append(escape(l)).append('\n'));
                blocks.add(list.toString());
            }
            if (s.hasTable()) {
                StringBuilder table = new StringBuilder();
                row(table, s.header());
                row(table, s.header().stream().map(h -> "---").toList());
                s.rows().forEach(r -> row(table, r));
                blocks.add(table.toString());
            }
        }
        return String.join("\n", blocks);
    }

    private static void row(StringBuilder md, List<String> cells) {
        md.append('|');
        cells.forEach(c -> md.append(' ').append(escape(c).replace("|", "\\|")).append(" |"));
        md.append('\n');
    }

    /** Keys like {@code consumer-lag/group=*_tmp_*} must not turn into emphasis. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`");
    }
}
