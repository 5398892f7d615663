package io.warden.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.cli.Cli;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The config a fleet test gives each instance is one Warden accepts, with and without {@code ha:}. */
class FleetMemberTest {

    @TempDir
    Path dir;

    private Path config(String haGroup) throws Exception {
        return new FleetMember("w1", dir.resolve("w1")).writeConfig(Map.of("c1", "127.0.0.1:9092", "c2", "127.0.0.1:9093"),
                "127.0.0.1:9094", "http://127.0.0.1:8080/hook/w1", dir.resolve("heal-runs"), haGroup);
    }

    @Test
    void withoutHaTheConfigIsValid() throws Exception {
        Cli cli = Cli.run("config", "validate", config(null).toString());

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
    }

    @Test
    void withAnHaGroupTheConfigIsValid() throws Exception {
        Path yaml = config("fleet");
        Cli cli = Cli.run("config", "validate", yaml.toString());

        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertThat(yaml).content().contains("ha:\n  group: fleet\n  instance: w1\n  session-timeout: 6s\n"
                + "  home: {name: home, bootstrap-servers: \"127.0.0.1:9094\"}\n");
    }
}
