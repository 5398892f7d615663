package io.warden.daemon.ha;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a cluster's state in one transaction together with an offset commit for its partition in
 * the fleet's group, as exactly-once stream processors do: the group coordinator accepts the
 * commit only from the member of the current generation, so an instance that lost the cluster
 * (paused, cut off, slow) gets its write refused and must do nothing. One writer per instance;
 * writes are one at a time.
 */
final class StateWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StateWriter.class);

    private final Map<String, Object> props;
    private KafkaProducer<byte[], byte[]> producer;
    /** Another process took this instance's transactional id: it has the same ha.instance. */
    private boolean replaced;
    /** Why no write can succeed until an operator acts (a denied transactional id, a duplicate instance name); null when writes can. */
    private volatile String denied;

    StateWriter(Map<String, Object> props) {
        this.props = new HashMap<>(props);
    }

    /**
     * Writes {@code records} to {@code partition} and commits {@code partition} in {@code group}
     * at the offset after them, with {@code note} (who wrote, when) as the commit's metadata.
     *
     * @return false when the write was refused or failed: nothing of it is visible
     */
    synchronized boolean write(TopicPartition partition, Map<String, byte[]> records, ConsumerGroupMetadata group, String note) {
        if (replaced) {
            return false;
        }
        try {
            if (producer == null) {
                producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                producer.initTransactions();
            }
            producer.beginTransaction();
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            records.forEach((key, value) -> sent.add(producer.send(new ProducerRecord<>(partition.topic(), partition.partition(),
                    key.getBytes(java.nio.charset.StandardCharsets.UTF_8), value))));
            // appended before the commit is validated: whoever takes the partition over later reads up to them
            producer.flush();
            long next = 0;
            for (Future<RecordMetadata> f : sent) {
                next = Math.max(next, f.get().offset() + 1);
            }
            // past the commit marker that follows the records: a committed write leaves the group no lag, so the
            // watch of the home cluster sees a healthy group, and anything later is a refused or open write
            producer.sendOffsetsToTransaction(Map.of(partition, new OffsetAndMetadata(next + 1, note)), group);
            producer.commitTransaction();
            denied = null;
            return true;
        } catch (ProducerFencedException | TransactionalIdAuthorizationException e) {
            replaced = e instanceof ProducerFencedException;
            String advice = replaced ? "another process runs with this ha.instance name; give each instance its own"
                    : "grant WRITE and DESCRIBE on the transactional id warden-ha.<group>.* on the home cluster";
            denied = "the home cluster refuses this instance's state writes (" + e.getMessage() + "): " + advice;
            log.error("event=ha-write-refused-for-good partition={} error=\"{}\" advice=\"{}\"", partition, e.getMessage(), advice);
            discard();
            return false;
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            log.warn("event=ha-write-refused partition={} generation={} error=\"{}\"", partition, group.generationId(),
                    String.valueOf(cause));
            if (cause instanceof AuthorizationException) {
                String advice = "grant WRITE on the topic " + partition.topic() + " and READ on the group " + group.groupId()
                        + " on the home cluster";
                denied = "the home cluster refuses this instance's state writes (" + cause.getMessage() + "): " + advice;
                log.error("event=ha-write-denied advice=\"{}\"", advice);
            }
            abort();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            return false;
        }
    }

    /**
     * After a write was denied: whether writes may be tried again, decided without writing. A
     * transactional id still not granted is refused again here; the transactional id of a namesake
     * still in the fleet is not taken back from it ({@code namesakeInFleet}), as that would fence it.
     *
     * @return true when writes may be tried again ({@link #denied()} is then null)
     */
    synchronized boolean mayWriteAgain(java.util.function.BooleanSupplier namesakeInFleet) {
        if (denied == null) {
            return true;
        }
        if (replaced && namesakeInFleet.getAsBoolean()) {
            return false;
        }
        try {
            discard();
            producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
            producer.initTransactions();
        } catch (TransactionalIdAuthorizationException e) {
            log.info("event=ha-write-still-denied error=\"{}\"", e.getMessage());
            discard();
            return false;
        } catch (KafkaException e) {
            log.warn("event=ha-write-check-failed error=\"{}\"", e.toString());
            discard();
            return false;
        }
        replaced = false;
        denied = null;
        return true;
    }

    /** Why no state write can succeed until an operator acts, or null while writes can. */
    String denied() {
        return denied;
    }

    private void abort() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            // a producer that cannot abort is replaced; the next one's initTransactions ends what is open
            discard();
        }
    }

    private void discard() {
        if (producer != null) {
            try {
                producer.close(java.time.Duration.ZERO);
            } catch (RuntimeException ignored) {
                // closing what already failed
            }
            producer = null;
        }
    }

    @Override
    public synchronized void close() {
        discard();
    }
}
