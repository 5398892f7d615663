package io.warden.cli;

import io.warden.WardenException;
import io.warden.protect.BackupService;
import io.warden.protect.BackupStore;
import io.warden.protect.BackupVerifier;
import io.warden.protect.CutBounds;
import io.warden.protect.Manifest;
import io.warden.protect.Segment;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up topic data into a directory or S3 bucket of checksummed segment files (docs/backup-format.md), "
            + "or the cluster's metadata (topic configs, ACLs, group offsets, connectors) into a file.",
        subcommands = {BackupCommand.Create.class, BackupCommand.ListCommand.class, BackupCommand.Verify.class,
            MetadataBackupCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  warden backup create -b kafka1:9092 --topics 'orders.*' --to /backups/orders-2024-05-01",
            "  warden backup create -b kafka1:9092 --topics 'orders.*' --to /backups/orders-2024-05-02 \\",
            "      --incremental-from /backups/orders-2024-05-01",
            "  warden backup create -b kafka1:9092 --topics 'orders.*' --to /backups/orders-yesterday --from 2d --until 1d",
            "  warden backup create -b kafka1:9092 --topics 'orders.*' \\",
            "      --to s3://backups/kafka/orders-2024-05-01 --compression zstd",
            "  warden backup create -b kafka1:9092 --topics 'orders.*' \\",
            "      --to s3://backups/orders-2024-05-01 --s3-path-style \\",
            "      --s3-endpoint http://minio:9000",
            "  warden backup list /backups/orders-2024-05-01",
            "  warden backup verify /backups/orders-2024-05-01",
            "  warden backup verify s3://backups/kafka/orders-2024-05-01",
            "  warden backup metadata -b kafka1:9092 --to metadata.json --connect-url http://connect1:8083",
            "S3 credentials: only the AWS SDK's default chain (AWS_ACCESS_KEY_ID and",
            "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or the instance role)."})
final class BackupCommand {

    /** {@code lz4} or {@code zstd}, as the operator writes them. */
    static final class CodecConverter implements ITypeConverter<Segment.Codec> {
        @Override
        public Segment.Codec convert(String value) {
            try {
                return Segment.Codec.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a codec: use lz4 or zstd");
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Copy the records of the selected topics up to the end offsets seen at the start (the cut).",
                "Reads read_committed: records of aborted transactions are not copied. A re-run with the",
                "same --to continues after the last complete segment of each partition, only from the cluster",
                "and the topics (by id) it started with (exit 64 otherwise). Records the source deletes",
                "before the backup reads them are reported (WARNING, offsetsLost). Files are 0600, directories 0700.",
                "--to s3://BUCKET/PREFIX writes the same files as objects through the AWS SDK (credentials from its",
                "default chain only); a segment counts once its upload completed with a matching checksum, large ones",
                "go in parts, and the manifest is written last."})
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConnectionOptions connection;
        @Option(names = "--topics", required = true, paramLabel = "REGEX", description = "Topics whose whole name matches.")
        String topics;
        @Option(names = "--to", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX", description = "The backup directory, or"
                + " a prefix in an S3 bucket.")
        String to;
        @Mixin
        S3Options s3;
        @Option(names = "--parallelism", paramLabel = "N", defaultValue = "2", description = "Consumers, each reading a share of"
                + " the partitions over its own connection (default: ${DEFAULT-VALUE}: while one decodes a fetch, the other's is"
                + " on the wire; compression runs on other threads).")
        int parallelism;
        @Option(names = "--segment-bytes", paramLabel = "N", defaultValue = "" + BackupService.SEGMENT_BYTES,
                description = "Uncompressed bytes per segment file at most (default: ${DEFAULT-VALUE}).")
        int segmentBytes;
        @Option(names = "--segment-records", paramLabel = "N", defaultValue = "" + Integer.MAX_VALUE,
                description = "Records per segment file at most (default: no limit but --segment-bytes).")
        int segmentRecords;
        @Option(names = "--compression", paramLabel = "CODEC", defaultValue = "lz4", converter = CodecConverter.class,
                description = "lz4 (default, ~3 GB/s per core) or zstd (level 1, ~1 GB/s per core). LZ4 keeps a backup at the"
                    + " pace of a plain consumer on a host whose cores the broker shares, and packs repeated strings such as"
                    + " JSON or Avro fields; zstd packs tighter, also text without repeats (random letters: 60%% against"
                    + " 103%%), for three times the CPU. Restore reads either.")
        Segment.Codec compression;
        @Option(names = "--max-records", paramLabel = "N", description = "Stop after about N records (whole segments); run again to continue.")
        Long maxRecords;
        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;
        @Option(names = "--incremental-from", paramLabel = "DIR", description = {"Copy only what is newer than the complete backup DIR",
            "of the same cluster: each of its partitions from where DIR ended, new ones from their log start.",
            "Restore DIR first, then this one."})
        Path incrementalFrom;
        @Option(names = "--from", paramLabel = "TIME", converter = TimeConverter.class, description = {"Start each partition at its",
            "first record of this time or later: 2026-05-01T10:00:00Z, or a duration ago (7d, 2h). With",
            "--incremental-from it applies only to partitions the base does not have."})
        Instant from;
        @Option(names = "--until", paramLabel = "TIME", converter = TimeConverter.class,
                description = "End each partition before its first record of this time or later (same forms as --from).")
        Instant until;

        @Override
        public Integer call() {
            Require.atLeast("--parallelism", parallelism, 1);
            Require.atLeast("--segment-records", segmentRecords, 1);
            Require.atLeast("--segment-bytes", segmentBytes, 1);
            Require.atLeast("--max-records", maxRecords, 1);
            if (from != null && until != null && !from.isBefore(until)) {
                throw new WardenException(WardenException.USAGE, "--from " + from + " is not before --until " + until);
            }
            Clock clock = Clock.systemUTC();
            PrintWriter err = spec.commandLine().getErr();
            try (BackupStore store = s3.store(to)) {
                if (store.localDir() == null && compression == Segment.Codec.LZ4) {
                    err.println("NOTE: object storage bills every byte: --compression zstd stores less (63% of the data's size"
                            + " against lz4's 100% on text without repeats), for about three times the CPU");
                    err.flush();
                }
                return create(store, clock, err);
            }
        }

        private int create(BackupStore store, Clock clock, PrintWriter err) {
            ProgressMeter progress = ProgressMeter.onStderr("backup", err, clock);
            BackupService.Result r = new BackupService(connection.settings(), clock).create(new BackupService.Options(regex(topics), store,
                    parallelism, segmentRecords, maxRecords == null ? Long.MAX_VALUE : maxRecords, segmentBytes,
                    new CutBounds(incrementalFrom, from, until), compression), new BackupService.Listener() {
                        @Override
                        public void started(long offsetsToCopy) {
                            progress.addTotal(offsetsToCopy);
                        }

                        @Override
                        public void segmentWritten(long records, long bytes) {
                            progress.add(records, bytes);
                        }
                    });
            progress.finish(r.complete());
            r.warnings().forEach(w -> err.println("WARNING: " + w));
            err.flush();
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, r);
                return 0;
            }
            out.printf("%s backup of %d topics, %d partitions from cluster %s in %s: %,d records (%,d bytes, %d segments) this run%s%n",
                    r.resumed() ? "Resumed" : "Created", r.topics(), r.partitions(), r.clusterId(), r.dir(), r.recordsThisRun(),
                    r.bytesThisRun(), r.segmentsThisRun(),
                    r.complete() ? "; complete, " + String.format("%,d", r.recordsInBackup()) + " records in the backup"
                            : "; not complete, run the same command again to continue");
            out.flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "What a backup holds, per partition.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR|s3://BUCKET/PREFIX")
        String dir;
        @Mixin
        S3Options s3;
        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
        Output output;

        @Override
        public Integer call() {
            Manifest m;
            try (BackupStore store = s3.store(dir)) {
                m = BackupVerifier.manifest(store);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output == Output.json) {
                Output.printJson(out, m);
                return 0;
            }
            out.printf("Backup %s: cluster %s, cut at %s, format %d%n", dir, m.clusterId(), m.createdAt(), m.formatVersion());
            if (m.base() != null) {
                out.printf("Incremental from %s (cut at %s): restore that backup first%n", m.base().dir(), m.base().createdAt());
            }
            if (m.from() != null || m.until() != null) {
                out.printf("Records from %s until %s%n", m.from() == null ? "the log start" : m.from(),
                        m.until() == null ? "the cut" : m.until());
            }
            Table t = new Table("TOPIC", "PARTITION", "START-OFFSET", "END-OFFSET", "RECORDS", "SEGMENTS", "CONFIGS");
            m.topics().forEach(topic -> topic.partitions().forEach(p -> t.row(topic.name(), p.partition(), p.startOffset(),
                    p.endOffset(), p.records(), p.segments().size(), p.partition() == 0 ? topic.configs().toString() : "")));
            t.print(out, "  ");
            m.topics().forEach(topic -> topic.partitions().stream().filter(p -> p.offsetsLost() > 0).forEach(p -> {
                if (p.lost().isEmpty()) { // a backup made before Warden kept the ranges: the gap since its base
                    out.printf("  LOST: %s-%d: %,d offsets before %d were deleted from the source between the base and this backup%n",
                            topic.name(), p.partition(), p.offsetsLost(), p.startOffset());
                }
                p.lost().forEach(r -> out.printf("  LOST: %s-%d: %,d offsets (%d to %d) were deleted from the source before a backup"
                        + " read them%n", topic.name(), p.partition(), r.to() - r.from() + 1, r.from(), r.to()));
            }));
            out.flush();
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every segment's checksums and counts against the manifest, without the cluster.",
                "Exit 0 when intact, 2 when a segment is damaged, missing or out of the directory, or a file is there",
                "that the manifest does not name; 65 when manifest.json itself is damaged or contradicts itself."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "DIR|s3://BUCKET/PREFIX")
        String dir;
        @Mixin
        S3Options s3;

        @Override
        public Integer call() {
            BackupVerifier.Result r;
            try (BackupStore store = s3.store(dir)) {
                r = BackupVerifier.verify(store);
            }
            PrintWriter out = spec.commandLine().getOut();
            r.problems().forEach(p -> out.println("CORRUPT " + p));
            out.printf("%s: %d segments, %,d records checked, %d problems%n", r.ok() ? "OK" : "CRITICAL", r.segments(), r.records(),
                    r.problems().size());
            out.flush();
            return r.ok() ? 0 : 2;
        }
    }

    static Pattern regex(String value) {
        try {
            return value == null ? null : Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new WardenException(WardenException.USAGE, "--topics '" + value + "' is not a regular expression: " + e.getDescription());
        }
    }
}
