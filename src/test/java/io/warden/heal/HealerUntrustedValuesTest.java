package io.warden.heal;

import static io.warden.heal.HealFixtures.T0;
import static io.warden.heal.HealFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.warden.alert.Alert;
import io.warden.alert.AlertEvent;
import io.warden.audit.AuditEvent;
import io.warden.audit.AuditReader;
import io.warden.audit.AuditTrail;
import io.warden.notify.Notification;
import io.warden.watch.Finding;
import io.warden.watch.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer group is named by whoever runs the consumer: a name that would smuggle an option or
 * a shell word into a playbook's command escalates, and the command never runs.
 */
class HealerUntrustedValuesTest {

    @TempDir
    Path dir;

    private final List<Notification> sent = new CopyOnWriteArrayList<>();
    private Healer healer;
    private AuditTrail audit;

    @AfterEach
    void close() {
        healer.close(Duration.ofSeconds(5));
        audit.close();
    }

    @Test
    void aHostileGroupNameEscalatesNamingThePlaceholderAndTheCommandNeverRuns() {
        Path ran = dir.resolve("ran");
        Path pwned = dir.resolve("pwned");
        String hostile = "billing; touch " + pwned;
        // the kind of command an operator writes: the group handed to a shell (here sh, often ssh's remote shell)
        var reset = new CommandActionProvider().create(Map.of("command",
                List.of("sh", "-c", "touch " + ran + "; echo resetting {group}")), new ActionResources(null));
        var playbook = new Playbook("reset-lagging-group", Pattern.compile("consumer-lag"), Map.of(), HealMode.ON, Duration.ZERO,
                List.of(new Playbook.Step("command", reset, RetrySpec.DEFAULT, 2)));
        audit = AuditTrail.open(dir.resolve("audit.jsonl"), 1 << 20, 1);
        healer = new Healer("prod", List.of(playbook), new HealPolicy(new HealPolicy.Limits(Duration.ofMinutes(30), 10, 1, 40.0)),
                new HealStateStore(dir.resolve("heal-prod.json")), new HealPause(dir), audit, sent::add, HealListener.NONE,
                new HealFixtures.MovingClock(T0), false);

        healer.onCycle(cluster(T0, 3), List.of(lagging(hostile)), Set.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> !events("heal.escalated").isEmpty());
        healer.close(Duration.ofSeconds(5));
        assertThat(ran).doesNotExist();
        assertThat(pwned).doesNotExist();
        assertThat(events("heal.action.started")).isEmpty();
        String reason = events("heal.escalated").get(0).data().get("reason").toString();
        assertThat(reason).contains("{group}", "\"billing; touch " + pwned + "\"");
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.events().get(0).type()).isEqualTo(AlertEvent.Type.ESCALATED);
            assertThat(n.events().get(0).detail()).contains("{group}");
        });
    }

    private static Alert lagging(String group) {
        var f = new Finding("consumer-lag/group=" + group, "consumer-lag", Severity.CRITICAL, 500_000,
                "group " + group + " is 500000 messages behind", Map.of("group", group), Map.of());
        return new Alert(f.key(), "consumer-lag", Severity.CRITICAL, "prod", T0, T0, f, f.labels(), "look at the consumers");
    }

    private List<AuditEvent> events(String type) {
        return AuditReader.read(dir.resolve("audit.jsonl"), AuditReader.type(type)).events();
    }
}
