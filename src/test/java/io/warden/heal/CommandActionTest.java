package io.warden.heal;

import static io.warden.heal.HealFixtures.T0;
import static io.warden.heal.HealFixtures.brokerDown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code command} action runs real programs: arguments, exit codes, output, timeouts, shutdown. */
class CommandActionTest {

    private static RecoveryAction command(Map<String, Object> settings) {
        return new CommandActionProvider().create(settings, new ActionResources(null));
    }

    private static ActionRequest request() {
        return new ActionRequest(brokerDown(2, T0), Map.of("broker.id", "2", "broker.host", "kafka2.example.com", "cluster", "prod"), 1);
    }

    @Test
    void templatedArgumentsNoShellAndTheExitCodeDecides() throws Exception {
        var ok = command(Map.of("command", List.of("echo", "restart", "{broker.id}", "on", "{broker.host}"))).run(request());
        assertThat(ok.outcome()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.output()).isEqualTo("restart 2 on kafka2.example.com");

        // no shell: a ';' is an argument, not a second command
        var literal = command(Map.of("command", List.of("echo", "a;", "rm", "-rf", "/"))).run(request());
        assertThat(literal.output()).isEqualTo("a; rm -rf /");

        var failed = command(Map.of("command", List.of("sh", "-c", "echo cannot reach $0 >&2; exit 7", "{broker.host}"))).run(request());
        assertThat(failed.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.output()).isEqualTo("cannot reach kafka2.example.com");
    }

    @Test
    void aValueTheAlertDoesNotHaveFailsWithoutRunningAnything(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        var r = command(Map.of("command", List.of("touch", marker.toString(), "{connector}"))).run(request());

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(r.output()).contains("needs {connector}", "broker.host");
        assertThat(marker).doesNotExist();
    }

    @Test
    void aNameThatWouldBecomeAnOptionIsRefusedAndNothingRuns(@TempDir Path dir) throws Exception {
        Path marker = dir.resolve("ran");
        var action = command(Map.of("command", List.of("touch", marker.toString(), "{group}")));
        var request = new ActionRequest(brokerDown(2, T0), Map.of("group", "--reference=/etc/shadow", "cluster", "prod"), 1);

        assertThat(action.refusal(request)).isEqualTo("will not run command: {group} is \"--reference=/etc/shadow\", which is "
                + "not a name Warden hands to a command (letters, digits, '.', '_' and '-', not starting with '-', up to 249); "
                + "a value chosen by a client of the cluster must not become an option or a shell word");
        var r = action.run(request);

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(r.output()).isEqualTo(action.refusal(request));
        assertThat(marker).doesNotExist();
        assertThat(command(Map.of("command", List.of("true", "{broker.host}"))).refusal(request())).isNull();
    }

    @Test
    void theProgramGetsPathHomeLangAndTzOfTheDaemonAndItsOwnEnvAndNothingElse() throws Exception {
        var r = command(Map.of("command", List.of("/usr/bin/env"), "env", Map.of("API_TOKEN", "s3cret-t0ken"))).run(request());

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.DONE);
        var names = r.output().lines().map(l -> l.substring(0, l.indexOf('='))).toList();
        assertThat(names).contains("API_TOKEN").isSubsetOf("PATH", "HOME", "LANG", "TZ", "API_TOKEN");
        assertThat(r.output()).contains("PATH=" + System.getenv("PATH"));
    }

    @Test
    void aSecretInTheDaemonsEnvironmentNeverReachesTheProgramAndIsMaskedWhenItPrintsIt(@TempDir Path dir) throws Exception {
        Path seen = dir.resolve("env");
        var daemon = Map.of("PATH", System.getenv("PATH"), "HOME", "/var/lib/warden", "SMTP_PASSWORD", "smtp-pass-4242",
                "WARDEN_TOKEN_ONCALL", "oncall-token-0123456789");
        var action = new CommandAction("command", true, List.of("sh", "-c", "env > " + seen
                + "; echo smtp=$SMTP_PASSWORD; echo read smtp-pass-4242 from a file"), Map.of(), null, Duration.ofSeconds(10), daemon);

        var r = action.run(request());

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.DONE);
        assertThat(Files.readString(seen)).contains("HOME=/var/lib/warden").doesNotContain("SMTP_PASSWORD")
                .doesNotContain("smtp-pass-4242").doesNotContain("WARDEN_TOKEN_ONCALL").doesNotContain("oncall-token");
        assertThat(r.output()).isEqualTo("smtp=\nread [hidden] from a file");
    }

    @Test
    void environmentAndWorkdirAreGivenAndSecretsMaskedInTheOutput(@TempDir Path dir) throws Exception {
        var r = command(Map.of("command", List.of("sh", "-c", "pwd; echo token=$API_TOKEN"), "env",
                Map.of("API_TOKEN", "s3cret-t0ken"), "workdir", dir.toString())).run(request());

        assertThat(r.output()).contains(dir.toRealPath().toString(), "token=[hidden]").doesNotContain("s3cret-t0ken");
    }

    @Test
    void aProgramThatRunsTooLongIsStoppedAndFails() throws Exception {
        var r = command(Map.of("command", List.of("sh", "-c", "echo started; sleep 30"), "timeout", "300ms")).run(request());

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.FAILED);
        assertThat(r.output()).startsWith("timed out after PT0.3S").contains("started");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shutdownStopsTheProgramAndSaysSo(@TempDir Path dir) throws Exception {
        Path pid = dir.resolve("pid");
        var action = command(Map.of("command", List.of("sh", "-c", "echo $$ > " + pid + "; exec sleep 30")));
        var executor = Executors.newSingleThreadExecutor();
        try {
            Future<ActionResult> running = executor.submit(() -> action.run(request()));
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
            long child = Long.parseLong(Files.readString(pid).strip());

            executor.shutdownNow();

            ActionResult r = running.get();
            assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.INTERRUPTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void badSettingsAreRejectedWithWhatIsAllowed() {
        assertThatThrownBy(() -> command(Map.of())).hasMessageContaining("command: a list");
        assertThatThrownBy(() -> command(Map.of("command", List.of("x"), "timout", "5m"))).hasMessageContaining("unknown setting 'timout'");
        assertThatThrownBy(() -> command(Map.of("command", List.of("x"), "timeout", "soon"))).hasMessageContaining("timeout: 'soon'");
    }
}
