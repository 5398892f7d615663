package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.alert.Silence;
import io.warden.alert.SilenceStore;
import io.warden.alert.SilenceService;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    void aSilenceSetFromTheCommandLineIsAuditedAsOneSetThroughTheApi() throws Exception {
        Path audit = dir.resolve("audit.jsonl");
        Path yaml = Files.writeString(dir.resolve("w.yaml"), "audit: {file: " + audit + "}\nalerts: {silences-file: "
                + dir.resolve("s.json") + "}\n");

        Cli added = Cli.run("silence", "add", "group=billing", "--for", "2h", "--by", "alice", "--comment", "deploying",
                "--config", yaml.toString());
        assertThat(added.exitCode()).as(added.err()).isZero();
        String id = added.out().split(" ")[1].replace(":", "");
        assertThat(Cli.run("silence", "expire", id, "--config", yaml.toString()).exitCode()).isZero();

        // the API's record of the same silence, made through the same service
        List<AuditEvent> api = new ArrayList<>();
        var store = new SilenceStore(dir.resolve("api.json"), Clock.systemUTC());
        Silence viaApi = new SilenceService(store, api::add, Clock.systemUTC()).add(Map.of("group", "billing"), Duration.ofHours(2),
                "alice", "deploying");

        List<AuditEvent> events = AuditReader.read(audit, AuditReader.all()).events();
        assertThat(events).extracting(AuditEvent::type).containsExactly("silence.created", "silence.expired");
        AuditEvent created = events.get(0);
        assertThat(created.key()).isEqualTo(id);
        assertThat(created.cluster()).isNull();
        assertThat(created.data()).containsEntry("createdBy", "alice").containsEntry("comment", "deploying")
                .containsKeys("matchers", "endsAt");
        assertThat(created.data().keySet()).isEqualTo(api.get(0).data().keySet());
        assertThat(created.data().get("matchers")).isEqualTo(Map.of("group", "billing"));
        assertThat(api.get(0).key()).isEqualTo(viaApi.id());
        assertThat(events.get(1).key()).isEqualTo(id);
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
