package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTextTest {

    /** picocli formats descriptions with String.format: a bare '%' leaves the text raw and warns on every --help. */
    @Test
    void everyCommandsHelpRendersWithoutAFormatWarning() {
        List<CommandLine> all = new ArrayList<>();
        collect(WardenCommand.commandLine(), all);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        List<String> usages = new ArrayList<>();
        try {
            all.forEach(c -> usages.add(c.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        } finally {
            System.setErr(err);
        }
        assertThat(all).hasSizeGreaterThan(20);
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
        assertThat(usages).noneMatch(u -> u.contains("%n"));
    }

    /** A command line names its command first: only that part of the tree is built, and help and typos still see all. */
    @Test
    void helpAndAMistypedCommandSeeEveryCommandWhileANamedOneRuns() {
        assertThat(WardenCommand.commandLine("backup", "create").getSubcommands()).containsOnlyKeys("backup");
        assertThat(WardenCommand.commandLine("help", "backup").getSubcommands()).containsKeys("backup", "restore", "lag", "help");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "help", "restore")).isZero();
        assertThat(out.toString()).contains("Usage: warden restore");
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "bakup")).isEqualTo(64);
        assertThat(err.toString()).contains("did you mean warden backup");
        assertThat(Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "backup", "create", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: warden backup create");
    }

    private static void collect(CommandLine c, List<CommandLine> all) {
        all.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, all));
    }
}
