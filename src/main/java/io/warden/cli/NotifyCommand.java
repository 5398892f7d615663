package io.warden.cli;

import io.warden.config.ConfigLoader;
import io.warden.config.LoadedConfig;
import io.warden.daemon.DaemonParts;
import io.warden.notify.Dispatcher;
import io.warden.notify.Notifiers;
import io.warden.notify.RetrySettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "notify", mixinStandardHelpOptions = true, description = "Check the notification channels.",
        subcommands = NotifyCommand.Test.class)
final class NotifyCommand {

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Send a test message through every configured channel and report each result.",
                "The channels are built as the daemon builds them; a wrong setting is named with its file and line.",
                "No result shows a secret: a value from the environment is shown as its $${VAR}.",
                "Exit 0 when every channel delivered, 2 when any failed, 78 when a channel is misconfigured."},
            footerHeading = "%nExamples:%n", footer = "  warden notify test --config /etc/warden/warden.yaml")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "warden.yaml with notifiers.")
        Path config;

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.Timeout.class,
                description = "How long to wait for all channels (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws InterruptedException {
            LoadedConfig loaded = ConfigLoader.fromSystemEnvironment().read(config);
            var cfg = loaded.config();
            var out = spec.commandLine().getOut();
            Notifiers.warnIfNoneConfigured(cfg.notifiers());
            // one quick retry: a test should say "broken" within the timeout, not retry for a minute
            var retry = new RetrySettings(2, Duration.ofMillis(500), 2, Duration.ofSeconds(2));
            Clock clock = Clock.systemUTC();
            try (var dispatcher = new Dispatcher(DaemonParts.notifiers(loaded, cfg), retry, clock, (n, r) -> { }).start()) {
                var results = dispatcher.sendNow(Notifiers.testNotification(cfg.watched().stream().map(c -> c.name())
                        .collect(java.util.stream.Collectors.joining(",")), clock.instant()), timeout);
                Table table = new Table("CHANNEL", "RESULT", "ATTEMPTS", "TIME", "REASON");
                results.forEach(r -> table.row(r.channel(), r.delivered() ? "sent" : "FAILED", r.attempts(),
                        r.took().toMillis() + " ms", r.delivered() ? "" : loaded.mask(r.reason())));
                table.print(out, "");
                return results.stream().allMatch(r -> r.delivered()) ? 0 : 2;
            }
        }
    }
}
