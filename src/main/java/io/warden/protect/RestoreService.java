package io.warden.protect;

import io.warden.WardenException;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import io.warden.kafka.KafkaConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Produces a verified backup back into a cluster: missing topics are created with the backed-up
 * partition count and configs, each record goes to its original partition with its key, value,
 * headers and timestamp. One producer writes a few partitions at once (a round of about one batch
 * per partition; as many partitions as the read-ahead's bytes hold, see {@link ReadAhead}, the next
 * taken up when one is done), in large transactions that also commit, in the progress group
 * {@code warden-restore-HASH} (HASH of the backup directory and its cut), the next source offset
 * of every partition they touched, with where the backed-up groups' offsets landed. A re-run (same
 * {@code transactional.id}, so a half-done transaction of the previous run is aborted) starts after
 * what committed: no duplicates for read_committed consumers, no loss. Segments are read,
 * decompressed and checked ahead on other threads. Once a partition is completely restored, the
 * backed-up consumer groups are moved to the same records there (see {@link GroupOffsetRestore}).
 * This class runs the steps in order: {@link RestorePlanner} decides, {@link RestoreTopics} creates the
 * topics, {@link TransactionalWriter} writes the records.
 */
public final class RestoreService {

    /**
     * A restore into topics it creates produces at once and checks the backup before its first
     * commit, so a refused backup leaves nothing committed (and the topics are deleted again). A
     * restore into existing topics checks first: a refused backup sends them nothing. So does one
     * of more bytes than this, so that the first transaction never waits for the check as long as the
     * broker lets a transaction run, even on a slow disk.
     */
    static final long CHECK_AT_COMMIT_BYTES = 16L << 30;

    /**
     * @param topics          regular expression over the backed-up topic names, or null for all
     * @param rename          source topic name to target topic name
     * @param transactionSize records per transaction at most (a transaction also ends at {@link TransactionalWriter#TRANSACTION_BYTES})
     * @param maxRecords      stop this run after about this many records (whole transactions)
     * @param groupOffsets    move the backed-up consumer groups to the restored records
     * @param retentionMs     {@code retention.ms} for the topics the restore creates (-1: none), or null for the backed-up configs'
     * @param allowExpired    restore records the target's retention deletes at once, instead of refusing
     */
    public record Options(Pattern topics, Map<String, String> rename, int transactionSize, long maxRecords, boolean groupOffsets,
                          Long retentionMs, boolean allowExpired) {

        public Options(Pattern topics, Map<String, String> rename, int transactionSize, long maxRecords, boolean groupOffsets) {
            this(topics, rename, transactionSize, maxRecords, groupOffsets, null, false);
        }
    }

    /**
     * What happens to one topic: {@code create}, {@code append} (exists) or {@code refuse}.
     *
     * @param retentionMs the target's time retention (as it is, or as the restore creates it), null when it deletes nothing by time
     * @param expired     records older than that retention, which the broker deletes at its next retention check; null when
     *                    not counted, prefixed "at least" when segments that straddle the limit were not read
     */
    public record TopicPlan(String source, String target, int partitions, long records, String action, String reason,
                            Long retentionMs, String expired) {
    }

    /** The plan: problems refuse the restore, warnings do not. */
    public record Plan(String dir, String progressGroup, long records, List<TopicPlan> topics, List<RestoredGroupOffset> groupOffsets,
                       List<String> problems, List<String> warnings) {
    }

    /** What a run did; {@code groupOffsets} as decided and set after the records. */
    public record Result(Plan plan, long restored, long alreadyRestored, int transactions, boolean complete,
                         List<RestoredGroupOffset> groupOffsets) {
    }

    /** Told after each committed transaction. */
    public interface Listener {
        void restored(long done, long total);
    }

    private final ConnectionSettings settings;
    private final Clock clock;
    private final ReadAhead.Reader reader;
    private final long readAheadBytes;
    private final RestorePlanner planner;

    public RestoreService(ConnectionSettings settings, Clock clock) {
        this(settings, clock, ReadAhead.CHECKED);
    }

    /** @param reader how segments are read ahead (a test puts an Error in its way) */
    RestoreService(ConnectionSettings settings, Clock clock, ReadAhead.Reader reader) {
        this(settings, clock, reader, ReadAhead.BYTES);
    }

    /** @param readAheadBytes bytes of uncompressed segments held at once (see {@link ReadAhead}) */
    RestoreService(ConnectionSettings settings, Clock clock, ReadAhead.Reader reader, long readAheadBytes) {
        this.settings = settings;
        this.clock = clock;
        this.reader = reader;
        this.readAheadBytes = readAheadBytes;
        this.planner = new RestorePlanner(settings, clock);
    }

    /** Verifies the whole backup (refusing a damaged one), before it connects, and says what restore would do. */
    public Plan plan(Path dir, Options options) {
        return plan(new BackupDirectory(dir), options);
    }

    /** As {@link #plan(Path, Options)}, for a backup in a directory or object storage. */
    public Plan plan(BackupStore dir, Options options) {
        BackupVerifier.Result check = BackupVerifier.verify(dir);
        Manifest manifest = BackupCheck.checked(check, dir);
        try (KafkaConnection connection = KafkaConnection.open(settings)) {
            return planner.plan(connection.admin(), dir, manifest, options, false, check.timestamps());
        }
    }

    /** What a refused restore needs, with the kafka-acls line; null when {@code cause} is no refusal. */
    private String refusal(Throwable cause, String progressGroup) {
        var refused = io.warden.kafka.AccessAdvice.authorization(cause);
        var access = io.warden.kafka.AccessAdvice.of(settings);
        if (refused instanceof org.apache.kafka.common.errors.TransactionalIdAuthorizationException) {
            return access.needs("restoring in transactions", org.apache.kafka.common.acl.AclOperation.WRITE,
                    org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID, progressGroup);
        }
        if (refused instanceof org.apache.kafka.common.errors.TopicAuthorizationException t && !t.unauthorizedTopics().isEmpty()) {
            return access.needs("restoring records", org.apache.kafka.common.acl.AclOperation.WRITE,
                    org.apache.kafka.common.resource.ResourceType.TOPIC, t.unauthorizedTopics().stream().sorted().findFirst().orElseThrow());
        }
        return refused == null ? null : access.needsForGroup("keeping the restore's progress and the groups' offsets",
                org.apache.kafka.common.acl.AclOperation.READ, progressGroup, List.of(), refused);
    }

    public Result restore(Path dir, Options options, Listener listener) {
        return restore(new BackupDirectory(dir), options, listener);
    }

    /** As {@link #restore(Path, Options, Listener)}, for a backup in a directory or object storage. */
    /** Creates the missing topics, produces the records not restored yet, then sets the groups' offsets. */
    public Result restore(BackupStore dir, Options options, Listener listener) {
        Manifest unchecked = BackupVerifier.manifest(dir);
        ExecutorService background = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "warden-restore-start");
            t.setDaemon(true);
            return t;
        });
        // while the cluster answers (the transaction coordinator's first answer can take seconds on a
        // fresh cluster), the first segment of the first partition is read: its size tells how many
        // partitions the read-ahead holds at once
        String progressGroup = RestorePlanner.progressGroup(unchecked.clusterId(), unchecked.createdAt());
        TransactionalWriter writer = new TransactionalWriter(settings, clock);
        CompletableFuture<KafkaProducer<byte[], byte[]>> producer = writer.start(progressGroup, background);
        ReadAhead readAhead = new ReadAhead(dir, Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())), reader,
                readAheadBytes);
        RestorePlanner.selected(unchecked, options).stream().flatMap(t -> t.partitions().stream()).limit(readAhead.partitionsAtOnce())
                .filter(p -> !p.segments().isEmpty()).forEach(p -> readAhead.read(p.segments().get(0)));
        BackupCheck check = new BackupCheck(dir, unchecked, readAhead);
        List<String> created = List.of();
        try (readAhead; KafkaConnection connection = KafkaConnection.open(settings)) {
            Admin admin = connection.admin();
            // planned from the manifest as read at the start; checked below or before the first commit
            Plan plan = planner.plan(admin, dir, unchecked, options, true, Map.of());
            if (!plan.problems().isEmpty()) {
                throw new WardenException(WardenException.USAGE, "restore refused: " + String.join("; ", plan.problems()));
            }
            boolean checkFirst = plan.topics().stream().anyMatch(t -> !t.action().equals("create"))
                    || unchecked.topics().stream().flatMap(t -> t.partitions().stream()).flatMap(p -> p.segments().stream())
                    .mapToLong(Manifest.SegmentFile::bytes).sum() > CHECK_AT_COMMIT_BYTES;
            if (checkFirst) {
                check.manifest();
            }
            RestoreTopics topics = new RestoreTopics(settings);
            created = topics.create(connection, plan, unchecked, options);
            Result produced;
            Map<TopicPartition, OffsetAndMetadata> progress;
            try {
                try (KafkaProducer<byte[], byte[]> p = producer.get()) { // closing aborts an open transaction
                    // read after initTransactions: a fenced run's transaction is complete by then
                    progress = planner.progress(admin, plan.progressGroup());
                    produced = writer.produce(p, readAhead, unchecked, plan, options, progress, listener, check);
                }
            } catch (Segment.CorruptException | IOException | WardenException e) {
                topics.refuseIfDamaged(admin, check, created); // a damaged segment, met before the check or by it
                throw e;
            }
            Manifest manifest = check.manifest();
            if (!options.groupOffsets()) {
                return produced;
            }
            // decided again from what is committed now (as a re-run would read it; reading it back right after the
            // commit could still see the previous value while the transaction's markers are being written)
            List<GroupOffsetRestore.Candidate> candidates = GroupOffsetRestore.candidates(manifest,
                    RestorePlanner.targets(RestorePlanner.selected(manifest, options), options));
            List<RestoredGroupOffset> decided = planner.groupOffsets(admin, manifest, options, progress, candidates,
                    Futures.get(admin.listTopics().names(), settings.timeout()), true);
            List<RestoredGroupOffset> set = new GroupOffsetRestore(admin, settings.timeout()).apply(decided, GroupOffsetRestore.MAPPED);
            return new Result(plan, produced.restored(), produced.alreadyRestored(), produced.transactions(), produced.complete(), set);
        } catch (IOException e) {
            throw new WardenException(WardenException.NO_INPUT, "cannot read the backup in " + dir.location() + ": " + e.getMessage(), e);
        } catch (Segment.CorruptException e) {
            throw new WardenException(WardenException.DATA, "restore stopped, a segment is damaged: " + e.getMessage()
                    + "; what was restored before it is committed, the rest is not", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WardenException(WardenException.SOFTWARE, "restore interrupted; run it again to continue", e);
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof WardenException w) {
                throw w;
            }
            String refused = refusal(cause, progressGroup);
            throw new WardenException(WardenException.UNAVAILABLE, "restore stopped: "
                    + (refused == null ? Futures.describe(cause) : refused)
                    + "; the open transaction is aborted, what committed stays: run the restore again to continue", cause);
        } finally {
            writer.closeWhenStarted(producer); // only when the restore did not take it
            background.shutdown();
        }
    }

}
