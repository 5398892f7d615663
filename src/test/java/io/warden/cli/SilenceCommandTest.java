package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilenceCommandTest {

    @TempDir
    Path dir;

    @Test
    void addListAndExpireASilence() throws Exception {
        String file = dir.resolve("silences.json").toString();

        Cli added = Cli.run("silence", "add", "group=billing", "severity=WARNING", "--for", "2h", "--by", "alice",
                "--comment", "deploying", "--file", file);
        assertThat(added.exitCode()).as(added.err()).isZero();
        String id = added.out().split(" ")[1].replace(":", "");

        Cli listed = Cli.run("silence", "list", "--file", file);
        assertThat(listed.out()).contains(id, "group=billing", "alice", "deploying");
        var json = new ObjectMapper().readTree(Cli.run("silence", "list", "--file", file, "-o", "json").out());
        assertThat(json.get(0).get("matchers").get("severity").asText()).isEqualTo("WARNING");

        assertThat(Cli.run("silence", "expire", id, "--file", file).exitCode()).isZero();
        assertThat(Cli.run("silence", "list", "--file", file).out()).contains("No silences in force.");
    }

    @Test
    void badInputIsAUsageErrorThatSaysWhatToWrite() {
        String file = dir.resolve("s.json").toString();
        Cli noEquals = Cli.run("silence", "add", "billing", "--for", "1h", "--file", file);
        assertThat(noEquals.exitCode()).isEqualTo(64);
        assertThat(noEquals.err()).contains("'billing' is not label=regex");

        Cli noDuration = Cli.run("silence", "add", "group=x", "--file", file);
        assertThat(noDuration.exitCode()).isEqualTo(64);
        assertThat(noDuration.err()).contains("--for");

        Cli unknown = Cli.run("silence", "expire", "nope", "--file", file);
        assertThat(unknown.exitCode()).isEqualTo(64);
        assertThat(unknown.err()).contains("no silence with id 'nope'");
    }
}
