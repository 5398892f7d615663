package io.warden.cli;

import io.warden.WardenException;
import io.warden.kafka.KafkaConnection;
import io.warden.kafka.RecordText;
import io.warden.runbook.topics.StepResult;
import io.warden.runbook.topics.TopicChange;
import io.warden.runbook.topics.TopicPlanner;
import io.warden.runbook.topics.TopicSpec;
import io.warden.runbook.topics.TopicState;
import io.warden.runbook.topics.TopicsService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = {"List, describe, create, alter and delete topics, by hand or from a topics file. "
            + "Changes print their plan and do nothing without --execute; executed changes are audited."},
        subcommands = {TopicsCommand.ListTopics.class, TopicsCommand.Describe.class, TopicsCommand.Create.class,
            TopicsCommand.Alter.class, TopicsCommand.Delete.class, TopicsPlanCommand.class, TopicsPlanCommand.Apply.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden topics list -b kafka1:9092",
            "  warden topics describe orders --under-replicated",
            "  warden topics create orders --partitions 6 --replication-factor 3 \\",
            "      --config retention.ms=86400000 --execute",
            "  warden topics alter orders --partitions 12 --execute",
            "  warden topics plan -f topics.yaml"})
final class TopicsCommand {

    /** Options every topics subcommand shares. */
    abstract static class Base {
        @Spec
        CommandSpec spec;

        @Mixin
        ConnectionOptions connection;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    /** Options of the commands that change topics. */
    abstract static class Change extends Base implements Callable<Integer> {
        @Option(names = "--execute", description = "Make the change (without it, only the plan is printed).")
        boolean execute;

        /** The warden.yaml naming the audit trail, or null. */
        abstract Path wardenConfig();

        abstract List<TopicChange> plan(TopicsService topics);

        /** Rejects what is wrong without asking the cluster, before anything connects. */
        void validate() {
        }

        @Override
        public Integer call() {
            validate();
            try (var audit = CommandAudit.open(execute, wardenConfig(), Clock.systemUTC(), connection.settings().bootstrapServers());
                 var kafka = KafkaConnection.open(connection.settings())) {
                TopicsService topics = new TopicsService(kafka);
                List<TopicChange> changes = plan(topics);
                List<TopicChange> refused = changes.stream().filter(c -> !c.executable()).toList();
                if (!refused.isEmpty()) {
                    throw new WardenException(WardenException.USAGE, "nothing was changed: " + refused.stream()
                            .map(TopicChange::summary).collect(java.util.stream.Collectors.joining("; ")));
                }
                if (!execute) {
                    if (output == Output.json) {
                        Output.printJson(out(), Map.of("executed", false, "changes", changes.stream().map(TopicChangesView::json).toList()));
                    } else {
                        TopicChangesView.printPlan(out(), changes);
                        if (!changes.isEmpty()) {
                            out().println("Nothing was changed. Run again with --execute to make these changes.");
                        }
                    }
                    return 0;
                }
                List<StepResult> results = topics.execute(changes);
                if (output == Output.json) {
                    Output.printJson(out(), Map.of("executed", true, "results", results.stream().map(TopicChangesView::json).toList()));
                } else {
                    TopicChangesView.printResults(out(), results);
                }
                TopicChangesView.audit(audit, results, Map.of("command", spec.name()));
                return TopicChangesView.exitCode(results);
            }
        }
    }

    /** Kafka's rules for a topic name (legal characters, at most 249 of them), checked before anything connects. */
    static void topicName(String topic) {
        try {
            org.apache.kafka.common.internals.Topic.validate(topic);
        } catch (org.apache.kafka.common.errors.InvalidTopicException e) {
            throw new WardenException(WardenException.USAGE, "'" + RecordText.escape(topic) + "' is not a topic name Kafka accepts: "
                    + e.getMessage());
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Topics with their partition count and replication factor.")
    static final class ListTopics extends Base implements Callable<Integer> {
        @Option(names = "--include-internal", description = "Also list internal topics such as __consumer_offsets.")
        boolean includeInternal;

        @Override
        public Integer call() {
            try (var kafka = KafkaConnection.open(connection.settings())) {
                TopicsService topics = new TopicsService(kafka);
                var states = topics.states(topics.names(includeInternal));
                if (output == Output.json) {
                    Output.printJson(out(), states.values().stream().map(s -> Map.of("name", s.name(),
                            "partitions", s.partitions().size(), "replicationFactor", s.replicationFactor(), "internal", s.internal())).toList());
                } else {
                    Table t = new Table("TOPIC", "PARTITIONS", "RF");
                    states.values().forEach(s -> t.row(s.name(), s.partitions().size(), s.replicationFactor()));
                    t.print(out(), "");
                }
                if (states.isEmpty()) {
                    topics.hiddenByAcls().ifPresent(note -> spec.commandLine().getErr().println("warden: warning: " + note));
                }
                return 0;
            }
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true,
            description = {"Partitions (leader, replicas, ISR) and configs set on each topic, like kafka-topics "
                + "--describe. Without a topic, every non-internal topic. The filters keep only the partitions in that state."})
    static final class Describe extends Base implements Callable<Integer> {
        @Parameters(paramLabel = "TOPIC", arity = "0..*", description = "Topics to describe (default: all).")
        List<String> names = List.of();

        @Option(names = "--under-replicated", description = "Only partitions whose ISR is smaller than their replica set.")
        boolean underReplicated;

        @Option(names = "--under-min-isr", description = "Only partitions whose ISR is below min.insync.replicas.")
        boolean underMinIsr;

        @Option(names = "--unavailable", description = "Only partitions without a leader.")
        boolean unavailable;

        private boolean keep(TopicState s, TopicState.PartitionState p) {
            boolean filtered = underReplicated || underMinIsr || unavailable;
            return !filtered || (underReplicated && p.underReplicated()) || (underMinIsr && p.underMinIsr(s.minInSyncReplicas()))
                    || (unavailable && p.unavailable());
        }

        @Override
        public Integer call() {
            try (var kafka = KafkaConnection.open(connection.settings())) {
                TopicsService topics = new TopicsService(kafka);
                var states = topics.states(names.isEmpty() ? topics.names(false) : names);
                List<String> missing = names.stream().filter(n -> !states.containsKey(n)).toList();
                if (!missing.isEmpty()) {
                    throw new WardenException(WardenException.USAGE, "no such topic: " + String.join(", ", missing)
                            + topics.unseen(missing.get(0)));
                }
                List<Map<String, Object>> json = new java.util.ArrayList<>();
                for (TopicState s : states.values()) {
                    var parts = s.partitions().stream().filter(p -> keep(s, p)).toList();
                    if (parts.isEmpty() && (underReplicated || underMinIsr || unavailable)) {
                        continue;
                    }
                    if (output == Output.json) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("name", s.name());
                        m.put("partitionCount", s.partitions().size());
                        m.put("replicationFactor", s.replicationFactor());
                        m.put("configs", s.overrides());
                        m.put("partitions", parts);
                        json.add(m);
                    } else {
                        out().println("Topic: " + s.name() + "  Partitions: " + s.partitions().size() + "  RF: "
                                + s.replicationFactor() + "  Configs: " + (s.overrides().isEmpty() ? "-" : RecordText.escape(s.overrides().toString())));
                        Table t = new Table("PARTITION", "LEADER", "REPLICAS", "ISR");
                        parts.forEach(p -> t.row(p.partition(), p.leader() < 0 ? "none" : p.leader(), ids(p.replicas()), ids(p.isr())));
                        t.print(out(), "  ");
                    }
                }
                if (output == Output.json) {
                    Output.printJson(out(), json);
                }
                return 0;
            }
        }

        private static String ids(List<Integer> ids) {
            return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        }
    }

    /**
     * The changes that set topic configs. Their {@code --config} is a topic config, as in kafka-topics, so their
     * warden.yaml keeps the name {@code --config-file}.
     */
    abstract static class ConfigsChange extends Change {
        @Option(names = "--config", paramLabel = "KEY=VALUE", description = "A topic config to set (repeatable).")
        Map<String, String> configs = Map.of();

        @Option(names = "--config-file", paramLabel = "FILE", description = "warden.yaml naming audit.file for the audit record"
                + " (--config is a topic config here).")
        Path wardenConfig;

        @Override
        Path wardenConfig() {
            return wardenConfig;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a topic (prints the plan; --execute creates it).")
    static final class Create extends ConfigsChange {
        @Parameters(paramLabel = "TOPIC")
        String topic;

        @Option(names = "--partitions", required = true, paramLabel = "N")
        int partitions;

        @Option(names = "--replication-factor", paramLabel = "R", description = "Default: the broker's default.replication.factor.")
        Integer replicationFactor;

        @Override
        void validate() {
            topicName(topic);
            Require.atLeast("--partitions", partitions, 1);
            if (replicationFactor != null && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
                throw new WardenException(WardenException.USAGE, "--replication-factor must be at least 1, not " + replicationFactor
                        + "; leave it out for the broker's default.replication.factor");
            }
        }

        @Override
        List<TopicChange> plan(TopicsService topics) {
            return List.of(topics.createChange(new TopicSpec(topic, partitions, replicationFactor == null ? -1 : replicationFactor,
                    configs, false, 0)));
        }
    }

    @Command(name = "alter", mixinStandardHelpOptions = true,
            description = {"Grow partitions, set or remove configs (prints the plan; --execute changes the topic). "
                + "Partitions only grow: " + TopicPlanner.NO_DECREASE + "."})
    static final class Alter extends ConfigsChange {
        @Parameters(paramLabel = "TOPIC")
        String topic;

        @Option(names = "--partitions", paramLabel = "N", description = "New partition count (only larger).")
        Integer partitions;

        @Option(names = "--delete-config", paramLabel = "KEY", description = "A config to remove (repeatable).")
        List<String> deleteConfigs = List.of();

        @Override
        void validate() {
            Require.atLeast("--partitions", partitions, 1);
            if (partitions == null && configs.isEmpty() && deleteConfigs.isEmpty()) {
                throw new WardenException(WardenException.USAGE, "say what to change: --partitions N, --config KEY=VALUE "
                        + "or --delete-config KEY");
            }
        }

        @Override
        List<TopicChange> plan(TopicsService topics) {
            return topics.alterChanges(topic, partitions == null ? 0 : partitions, configs, deleteConfigs);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete topics (prints the plan; --execute deletes them).")
    static final class Delete extends Change {
        @Parameters(paramLabel = "TOPIC", arity = "1..*")
        List<String> topics;

        @Mixin
        ConfigOption config;

        @Override
        Path wardenConfig() {
            return config.file();
        }

        @Override
        List<TopicChange> plan(TopicsService service) {
            return service.deleteChanges(topics);
        }
    }
}
