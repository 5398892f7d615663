package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code audit compliance} is refused in one line before anything connects. */
class AuditComplianceInputTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownProfileABadPatternAndAZeroRetentionAreUsageErrors() {
        Cli profile = Cli.run("audit", "compliance", "-b", "127.0.0.1:1", "--profile", "sox");
        assertThat(profile.exitCode()).isEqualTo(64);
        assertThat(profile.err()).contains("--profile 'sox'").contains("baseline").contains("hipaa");
        Cli regex = Cli.run("audit", "compliance", "-b", "127.0.0.1:1", "--phi-topics", "phi(");
        assertThat(regex.exitCode()).isEqualTo(64);
        assertThat(regex.err()).contains("--phi-topics 'phi('");
        Cli zero = Cli.run("audit", "compliance", "-b", "127.0.0.1:1", "--max-retention", "0s");
        assertThat(zero.exitCode()).isEqualTo(64);
        assertThat(zero.err().lines().count()).isEqualTo(1);
    }

    @Test
    void aReportDirectoryThatCannotBeWrittenIs73() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli cli = Cli.run("audit", "compliance", "-b", "127.0.0.1:1", "--report-dir", file.resolve("sub").toString());
        assertThat(cli.exitCode()).isEqualTo(73);
        assertThat(cli.err()).contains("--report-dir");
    }
}
