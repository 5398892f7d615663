package io.warden.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented example must load, and its values must be the defaults it claims. */
class ExampleConfigTest {

    @Test
    void exampleConfigLoadsWithTheDefaultsItDocuments() {
        WardenConfig example = new ConfigLoader(Map.<String, String>of()::get).load(Path.of("deploy/warden.example.yaml"));
        WardenConfig defaults = WardenConfig.defaults();

        assertThat(example.watch()).isEqualTo(defaults.watch());
        assertThat(example.checks()).isEqualTo(defaults.checks());
        assertThat(example.http()).isEqualTo(defaults.http());
        assertThat(example.watch().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(example.cluster().bootstrapServers()).isEqualTo("localhost:9092");
    }

    @Test
    void theCommentedDrSectionLoadsOnceUncommentedWithTheDefaultsItDocuments() throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(Path.of("deploy/warden.example.yaml"));
        List<String> out = new java.util.ArrayList<>();
        boolean inDr = false;
        for (String line : lines) {
            inDr = line.startsWith("  # dr:") || (inDr && line.startsWith("  #"));
            // "  #   target:" becomes "    target:"; a comment inside the section stays a comment
            out.add(inDr ? line.replaceFirst("^  # ", "  ") : line);
        }
        Path yaml = java.nio.file.Files.createTempFile("warden-dr", ".yaml");
        try {
            java.nio.file.Files.write(yaml, out);
            WardenConfig.DrConfig dr = new ConfigLoader(Map.<String, String>of()::get).load(yaml).cluster().dr();

            assertThat(dr).isNotNull();
            assertThat(dr.target().bootstrapServers()).isEqualTo("dr-1:9092");
            assertThat(dr.tiers()).extracting(WardenConfig.TierConfig::name).containsExactly("critical", "important");
            var defaults = new WardenConfig.DrConfig(dr.target(), null, null, null, null, null, null, null, null, dr.tiers(),
                    null, null);
            assertThat(dr).isEqualTo(defaults);
        } finally {
            java.nio.file.Files.delete(yaml);
        }
    }

    @Test
    void everyDeployConfigIsValidOnceItsVariablesAreSet() throws Exception {
        ConfigLoader loader = new ConfigLoader(name -> "value-of-" + name.toLowerCase());
        try (var files = java.nio.file.Files.list(Path.of("deploy"))) {
            var configs = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(configs).hasSizeGreaterThanOrEqualTo(3);
            for (Path f : configs) {
                assertThat(loader.validate(f)).as(f.toString()).isEmpty();
            }
        }
    }

    @Test
    void theCommentedChannelsBuildOnceUncommented() throws Exception {
        List<String> out = new java.util.ArrayList<>();
        boolean inNotifiers = false;
        for (String line : java.nio.file.Files.readAllLines(Path.of("deploy/warden.example.yaml"))) {
            if (line.startsWith("# notifiers:")) {
                inNotifiers = true;
                out.add("notifiers:");
                continue;
            }
            inNotifiers = inNotifiers && line.startsWith("#  ");
            out.add(inNotifiers ? line.substring(2) : line);
        }
        Path yaml = java.nio.file.Files.createTempFile("warden-notifiers", ".yaml");
        try {
            java.nio.file.Files.write(yaml, out);
            Map<String, String> env = Map.of("SMTP_PASSWORD", "pw", "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/x",
                    "ALERTMANAGER_TOKEN", "token");
            WardenConfig config = new ConfigLoader(env::get).load(yaml);
            var channels = io.warden.notify.Notifiers.load(config.notifiers());

            assertThat(channels).extracting(io.warden.notify.Notifier::name)
                    .containsExactly("oncall-email", "slack", "alertmanager", "journal");
            assertThat(channels.get(2).resendInterval()).contains(Duration.ofMinutes(1));
            channels.forEach(io.warden.notify.Notifier::close);
        } finally {
            java.nio.file.Files.delete(yaml);
        }
    }
}
