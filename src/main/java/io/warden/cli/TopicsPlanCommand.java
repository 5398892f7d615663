package io.warden.cli;

import io.warden.kafka.KafkaConnection;
import io.warden.runbook.topics.StepResult;
import io.warden.runbook.topics.TopicPlan;
import io.warden.runbook.topics.TopicPlanner;
import io.warden.runbook.topics.TopicSpec;
import io.warden.runbook.topics.TopicsFile;
import io.warden.runbook.topics.TopicsService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"What 'topics apply' would change to make the cluster match a topics file. "
            + "Topics the file does not name are never touched. Partitions only grow; a replication-factor "
            + "change needs a reassignment and is reported, not applied; configs the file names are compared "
            + "with the topic's current values, and other overrides are kept unless --prune-configs.",
            "",
            "Exit code (like terraform plan -detailed-exitcode): 0 in sync, 2 changes to apply, "
            + "1 only differences apply refuses to make; 78 an invalid file."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden topics plan -f deploy/topics/topics.example.yaml -b kafka1:9092"})
class TopicsPlanCommand extends TopicsCommand.Base implements Callable<Integer> {

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The topics file (YAML).")
    Path file;

    @Option(names = "--allow-delete", description = "Delete topics the file marks 'delete: true' (otherwise refused).")
    boolean allowDelete;

    @Option(names = "--prune-configs", description = "Remove topic config overrides the file does not name.")
    boolean pruneConfigs;

    void warnHidden(TopicsService topics, TopicPlan plan) {
        topics.hiddenCreates(plan.changes()).forEach(w -> spec.commandLine().getErr().println("warden: warning: " + w));
    }

    void print(TopicPlan plan) {
        if (output == Output.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("exitCode", plan.exitCode());
            m.put("changes", plan.changes().stream().map(TopicChangesView::json).toList());
            Output.printJson(out(), m);
        } else {
            TopicChangesView.printPlan(out(), plan.changes());
            out().println(plan.executable().size() + " to apply, " + plan.refused().size() + " refused.");
        }
    }

    @Override
    public Integer call() {
        List<TopicSpec> specs = TopicsFile.load(file); // a bad file fails before connecting
        try (var kafka = KafkaConnection.open(connection.settings())) {
            TopicsService topics = new TopicsService(kafka);
            TopicPlan plan = TopicPlanner.plan(specs, topics.states(specs.stream().map(TopicSpec::name).toList()),
                    allowDelete, pruneConfigs);
            print(plan);
            warnHidden(topics, plan);
            return plan.exitCode();
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Make the cluster match a topics file: create topics, add partitions, set configs, "
                + "delete topics marked 'delete: true' when --allow-delete is given. Without --execute it prints "
                + "the plan (exit codes as 'topics plan'). With --execute each step runs on its own, its result "
                + "is printed and audited; exit 0 all done, 1 all done but some differences refused, 2 a step failed."},
            footerHeading = "%nExamples:%n",
            footer = {"  warden topics apply -f topics.yaml -b kafka1:9092              # the plan",
                "  warden topics apply -f topics.yaml -b kafka1:9092 --execute"})
    static final class Apply extends TopicsPlanCommand {

        @Option(names = "--execute", description = "Make the changes (without it, only the plan is printed).")
        boolean execute;

        @Mixin
        ConfigOption config;

        @Override
        public Integer call() {
            List<TopicSpec> specs = TopicsFile.load(file);
            try (var audit = CommandAudit.open(execute, config.file(), Clock.systemUTC(), connection.settings().bootstrapServers());
                 var kafka = KafkaConnection.open(connection.settings())) {
                TopicsService topics = new TopicsService(kafka);
                TopicPlan plan = TopicPlanner.plan(specs, topics.states(specs.stream().map(TopicSpec::name).toList()),
                        allowDelete, pruneConfigs);
                if (!execute) {
                    print(plan);
                    warnHidden(topics, plan);
                    if (!plan.executable().isEmpty()) {
                        out().println("Nothing was changed. Run again with --execute to apply.");
                    }
                    return plan.exitCode();
                }
                List<StepResult> results = topics.execute(plan.changes());
                if (output == Output.json) {
                    Output.printJson(out(), Map.of("results", results.stream().map(TopicChangesView::json).toList(),
                            "refused", plan.refused().stream().map(TopicChangesView::json).toList()));
                } else {
                    if (results.isEmpty()) {
                        out().println("Nothing to apply.");
                    } else {
                        TopicChangesView.printResults(out(), results);
                    }
                    plan.refused().forEach(c -> out().println("refused: " + c.topic() + ": " + c.summary()));
                }
                TopicChangesView.audit(audit, results, Map.of("command", "topics apply", "file", file.toString()));
                int code = TopicChangesView.exitCode(results);
                return code != 0 ? code : plan.refused().isEmpty() ? 0 : 1;
            }
        }
    }
}
