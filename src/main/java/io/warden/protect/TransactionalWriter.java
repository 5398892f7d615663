package io.warden.protect;

import io.warden.kafka.ConnectionSettings;
import io.warden.protect.RestoreService.Listener;
import io.warden.protect.RestoreService.Options;
import io.warden.protect.RestoreService.Plan;
import io.warden.protect.RestoreService.Result;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the backed-up records in transactions that also commit, in the restore's progress group, the
 * next source offset of every partition they touched: a few partitions at once, a turn of about one
 * batch each, one transactional producer whose {@code transactional.id} fences an earlier run.
 */
final class TransactionalWriter {

    /**
     * A transaction also ends at this many bytes of keys and values, or after {@link
     * #TRANSACTION_TIME}: a commit drains every batch in flight before the next transaction starts,
     * so on a fast link few and large (four commits per GiB cost a 1 GiB restore 5-10 %), while on a
     * slow one the time bounds both the transaction and what a killed restore sends again.
     */
    static final long TRANSACTION_BYTES = 1L << 30;
    static final Duration TRANSACTION_TIME = Duration.ofSeconds(30);
    /** Bytes sent to one partition before the next partition's turn: about one producer batch. */
    private static final int TURN_BYTES = 256 << 10;

    private final ConnectionSettings settings;
    private final Clock clock;

    TransactionalWriter(ConnectionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The producer, started on {@code background}: {@code initTransactions} fences an earlier run and aborts its open transaction. */
    CompletableFuture<KafkaProducer<byte[], byte[]>> start(String transactionalId, Executor background) {
        return CompletableFuture.supplyAsync(() -> {
            KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProperties(transactionalId),
                    new ByteArraySerializer(), new ByteArraySerializer());
            try {
                p.initTransactions();
                return p;
            } catch (RuntimeException e) {
                p.close(Duration.ZERO);
                throw e;
            }
        }, background);
    }

    /**
     * Closes the producer of a run that refused or failed before it took it. It may still be
     * starting: left to finish in the background, it would fence the producer of a run started
     * right after (same transactional.id), so it is waited for, as long as the cluster's timeout.
     */
    void closeWhenStarted(CompletableFuture<KafkaProducer<byte[], byte[]>> producer) {
        try {
            producer.get(settings.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).close(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            producer.thenAccept(p -> p.close(Duration.ZERO));
        } catch (java.util.concurrent.TimeoutException e) {
            producer.thenAccept(p -> p.close(Duration.ZERO)); // closed once it has started
        } catch (ExecutionException e) {
            // never started
        }
    }

    private Map<String, Object> producerProperties(String transactionalId) {
        Map<String, Object> props = new HashMap<>();
        // one batch per partition per turn, several partitions per request, five requests in flight:
        // the broker always has the next request while it appends the last
        props.put("batch.size", TURN_BYTES);
        props.put("linger.ms", 5);
        props.put("buffer.memory", 32L << 20);
        props.put("max.request.size", 4 << 20);
        props.put("max.in.flight.requests.per.connection", 5);
        // a transaction of TRANSACTION_TIME plus draining buffer.memory must finish within it even over a slow link (~1 MB/s)
        props.put("transaction.timeout.ms", 300_000);
        props.putAll(settings.clientProperties());
        props.put("bootstrap.servers", settings.bootstrapServers());
        props.put("enable.idempotence", true);
        props.put("acks", "all");
        props.put("transactional.id", transactionalId);
        props.put("client.id", "warden-restore");
        return props;
    }

    Result produce(KafkaProducer<byte[], byte[]> producer, ReadAhead readAhead, Manifest manifest, Plan plan, Options options,
                           Map<TopicPartition, OffsetAndMetadata> done /* updated to what this run committed */, Listener listener,
                           BackupCheck check /* nothing commits before the backup passed */)
            throws IOException, Segment.CorruptException, InterruptedException, ExecutionException {
        Map<TopicPartition, long[]> groupOffsets = new HashMap<>();
        if (options.groupOffsets()) {
            GroupOffsetRestore.candidates(manifest, RestorePlanner.targets(RestorePlanner.selected(manifest, options), options)).forEach(c ->
                    groupOffsets.merge(c.target(), new long[] {c.sourceOffset()}, (a, b) -> LongStream.concat(
                            LongStream.of(a), LongStream.of(b)).toArray()));
        }
        ConsumerGroupMetadata group = new ConsumerGroupMetadata(plan.progressGroup());
        List<PartitionCursor> cursors = new ArrayList<>();
        for (Manifest.Topic t : RestorePlanner.selected(manifest, options)) {
            for (Manifest.Partition p : t.partitions()) {
                TopicPartition tp = new TopicPartition(RestorePlanner.target(t, options), p.partition());
                cursors.add(new PartitionCursor(readAhead, tp, p, done.get(tp), groupOffsets.getOrDefault(tp, new long[0])));
            }
        }
        long restored = 0;
        int transactions = 0;
        Deque<PartitionCursor> waiting = new ArrayDeque<>(cursors);
        List<PartitionCursor> active = new ArrayList<>();
        Set<PartitionCursor> touched = new LinkedHashSet<>();
        // The first batch a producer sends to a partition is taken as its start there. If it fails retriably while
        // the next batch of that partition lands first, it stays out of order until the transaction times out (seen
        // twice in benchmark restores, Kafka 4.3.1). So a partition's first turn sends one record, and its next turns
        // wait until that is acknowledged.
        Map<PartitionCursor, Future<RecordMetadata>> firstRecords = new HashMap<>();
        int waitedTurns = 0;
        long inTransaction = 0;
        long bytes = 0;
        long began = 0;
        int turn = 0;
        while (!active.isEmpty() || !waiting.isEmpty()) {
            // a few partitions at once, as many as the read-ahead's bytes hold with their next segments
            while (!waiting.isEmpty() && active.size() < readAhead.partitionsAtOnce()) {
                PartitionCursor c = waiting.poll();
                c.start();
                active.add(c);
            }
            PartitionCursor c = active.get(turn);
            Future<RecordMetadata> first = firstRecords.get(c);
            boolean priming = first == null;
            long turnLimit = priming ? 1 : first.isDone() ? TURN_BYTES : 0;
            long turnBytes = 0;
            BackupRecord r;
            while (turnBytes < turnLimit && (priming || inTransaction < options.transactionSize()) && (r = c.peek()) != null) {
                if (touched.isEmpty()) {
                    producer.beginTransaction();
                    began = clock.millis();
                }
                touched.add(c);
                Future<RecordMetadata> sent = producer.send(toProducer(c.target, r));
                c.sent(r, sent);
                firstRecords.putIfAbsent(c, sent);
                turnBytes += size(r);
                bytes += size(r);
                inTransaction++;
            }
            waitedTurns = turnLimit == 0 ? waitedTurns + 1 : 0;
            if (c.peek() == null) {
                active.remove(turn);
                firstRecords.remove(c);
            } else {
                turn++;
            }
            if (turn >= active.size()) {
                turn = 0;
            }
            if (waitedTurns > 0 && waitedTurns >= active.size()) {
                producer.flush(); // every partition waits for its first record
                waitedTurns = 0;
            }
            if (!touched.isEmpty() && (inTransaction >= options.transactionSize() || active.isEmpty() && waiting.isEmpty()
                    || bytes >= TRANSACTION_BYTES && !shortTail(plan.records() - skipped(cursors) - restored - inTransaction, inTransaction)
                    || clock.millis() - began >= TRANSACTION_TIME.toMillis())) {
                check.manifest();
                commit(producer, touched, group);
                transactions++;
                restored += inTransaction;
                inTransaction = 0;
                bytes = 0;
                listener.restored(restored + skipped(cursors), plan.records());
                if (restored >= options.maxRecords()) {
                    break;
                }
            }
        }
        cursors.forEach(c -> {
            if (c.committedProgress() != null) {
                done.put(c.target, c.committedProgress());
            }
        });
        return new Result(plan, restored, skipped(cursors), transactions, active.isEmpty() && waiting.isEmpty(), List.of());
    }

    /**
     * Whether what is left to send is at most a quarter of this transaction: it rides along, as a
     * commit of its own would stall the pipeline once more for a few records.
     */
    static boolean shortTail(long unsent, long inTransaction) {
        return unsent * 4 <= inTransaction;
    }

    private static long size(BackupRecord r) {
        return (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length) + 16;
    }

    private static long skipped(List<PartitionCursor> cursors) {
        return cursors.stream().mapToLong(PartitionCursor::skipped).sum();
    }

    /** Commits the records with the progress of every partition they touched, so both count or neither does. */
    private static void commit(KafkaProducer<byte[], byte[]> producer, Set<PartitionCursor> touched, ConsumerGroupMetadata group)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> progress = new HashMap<>();
        for (PartitionCursor c : touched) {
            progress.put(c.target, c.progress());
        }
        producer.sendOffsetsToTransaction(progress, group);
        producer.commitTransaction();
        touched.forEach(PartitionCursor::committed);
        touched.clear();
    }

    private static ProducerRecord<byte[], byte[]> toProducer(TopicPartition tp, BackupRecord r) {
        RecordHeaders headers = new RecordHeaders();
        r.headers().forEach(h -> headers.add(new RecordHeader(h.key(), h.value())));
        return new ProducerRecord<>(tp.topic(), tp.partition(), r.timestamp() < 0 ? null : r.timestamp(), r.key(), r.value(), headers);
    }
}
