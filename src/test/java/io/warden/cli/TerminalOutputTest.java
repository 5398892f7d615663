package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names come from the cluster: any client may pick a group id or client id holding a terminal
 * escape, a line break or a right-to-left override. Printed by Warden, they must show as text.
 */
class TerminalOutputTest {

    static final String CLEAR_SCREEN = "\u001b[2J";
    static final String HOSTILE = "billing" + CLEAR_SCREEN + "\nFAKE  STABLE  0\r\u202eevil\u0007";

    @Test
    void aTableCellCannotClearTheScreenNorStartARow() {
        StringWriter text = new StringWriter();
        new Table("GROUP", "STATE").row(HOSTILE, "STABLE").print(new PrintWriter(text), "");

        assertThat(text.toString()).doesNotContain("\u001b", "\r", "\u202e", "\u0007")
                .contains("billing\\u001b[2J\\nFAKE  STABLE  0\\r\\u202eevil\\u0007");
        assertThat(text.toString().lines()).hasSize(2);
    }

    @Test
    void whateverReachesTheTerminalLosesItsControlCharactersButKeepsLinesAndTabs() {
        StringWriter raw = new StringWriter();
        PrintWriter out = new TerminalWriter(new PrintWriter(raw));
        out.println("a\tb " + CLEAR_SCREEN);
        out.print('\u009b');
        out.write("x\u202ey".toCharArray());
        out.println();
        out.flush();

        assertThat(raw.toString()).isEqualTo("a\tb \\u001b[2J\n\\u009bx\\u202ey\n");
    }

    @Test
    void jsonThroughTheTerminalStaysValidAndKeepsTheName() throws Exception {
        StringWriter raw = new StringWriter();
        PrintWriter out = new TerminalWriter(new PrintWriter(raw));
        Output.printJson(out, Map.of("group", HOSTILE));

        assertThat(raw.toString()).doesNotContain("\u001b", "\u202e");
        assertThat(new ObjectMapper().readTree(raw.toString()).get("group").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void aProgressBarStillRedrawsItsLine() {
        PrintWriter raw = new PrintWriter(new StringWriter());
        assertThat(TerminalWriter.raw(new TerminalWriter(raw))).isSameAs(raw);
    }

    @Test
    void oneLogEventIsOneLineWhateverTheNamesInIt() {
        var layout = new LogSetup.LineLayout();
        layout.setContext((LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory());
        layout.start();
        var context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        var event = new LoggingEvent("x", context.getLogger("io.warden.watch.Monitor"), Level.WARN, "event=stalled group={}", null, new Object[] {HOSTILE});

        String line = layout.doLayout(event);

        assertThat(line.lines()).hasSize(1);
        assertThat(line).doesNotContain("\u001b", "\r", "\u202e").contains("group=billing\\u001b[2J\\nFAKE");
    }
}
