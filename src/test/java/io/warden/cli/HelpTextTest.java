package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
        collect(new CommandLine(new WardenCommand()), all);
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

    private static void collect(CommandLine c, List<CommandLine> all) {
        all.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, all));
    }
}
