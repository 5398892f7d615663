package io.warden.cli;

import io.warden.dr.DrPair;
import io.warden.dr.FailoverService;
import io.warden.runbook.groups.UndoFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "failover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Moves consumer groups to the DR cluster at the position where they stopped on the source.",
            "Per group and partition the plan shows the committed offset on the source (read from the source, or",
            "from MirrorMaker's checkpoint when the source is down), MirrorMaker's translation, the exact position",
            "Warden proves by comparing records (timestamps and digests of keys, values and headers) from",
            "MirrorMaker's offset-sync up to the committed offset, the position it commits on the replica topic,",
            "and the records that will be processed again. Where anything does not match (a gap, a duplicate,",
            "compaction, retention) or more than --max-compare records would be compared, the translation is",
            "kept: a position is never past the record the group had reached.",
            "A group with active members on DR (of any type) is refused, and so is a partition with neither a",
            "checkpoint nor an exact position. With --execute Warden checks again that the groups are empty and",
            "the replicas long enough, saves the groups' previous offsets on DR to an undo file, commits, and",
            "writes an audit record per group. Stop the consumers on the source first."},
        footerHeading = "%nExamples:%n",
        footer = {"  warden dr failover --config /etc/warden/warden.yaml --group billing",
            "  warden dr failover --source-bootstrap-server primary1:9092 --target-bootstrap-server dr1:9092 \\",
            "      --all-groups -o json",
            "  warden dr failover --config /etc/warden/warden.yaml --group billing --group shipping --execute",
            "  warden groups import --bootstrap-server dr1:9092 --from-file billing-offsets-20240501T120000Z.csv \\",
            "      --group billing --execute   # undo"})
final class DrFailoverCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DrOptions dr;

    @Mixin
    MoveOptions move;

    @Override
    public Integer call() {
        move.check();
        DrPair pair = dr.pair();
        Clock clock = Clock.systemUTC();
        var plan = new FailoverService(clock).plan(pair, move.selection(), move.options());
        return GroupMoveRunner.run(spec.commandLine().getOut(), "failover", plan, null, move.execute, move.undoFile, dr.config,
                move.output, clock);
    }

    /** The options of a group move, shared by failover and failback. */
    static final class MoveOptions {
        @Option(names = {"-g", "--group"}, paramLabel = "GROUP", description = "Group to move (repeatable).")
        List<String> groups = List.of();

        @Option(names = "--all-groups", description = "Every group MirrorMaker checkpointed.")
        boolean allGroups;

        @Option(names = "--max-compare", paramLabel = "N", defaultValue = "100000",
                description = "The most records compared per partition to prove an exact position (default: ${DEFAULT-VALUE});"
                    + " 0 keeps MirrorMaker's translation.")
        long maxCompare;

        @Option(names = "--execute", description = "Commit the positions (default: print the plan only).")
        boolean execute;

        @Option(names = "--undo-file", paramLabel = "FILE", description = "Where to save the groups' previous offsets on the"
                + " cluster they move to (default: <group>-offsets-<time>.csv here); must not exist yet.")
        Path undoFile;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        /** Everything wrong with the options alone, before anything connects. */
        void check() {
            selection();
            options();
            UndoFiles.check(undoFile);
        }

        FailoverService.Selection selection() {
            return new FailoverService.Selection(groups, allGroups);
        }

        FailoverService.Options options() {
            return new FailoverService.Options(maxCompare);
        }
    }
}
