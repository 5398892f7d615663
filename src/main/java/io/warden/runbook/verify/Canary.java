package io.warden.runbook.verify;

import io.warden.kafka.AccessAdvice;
import io.warden.kafka.ConnectionSettings;
import io.warden.kafka.Futures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One record produced with acks=all to the canary topic and read back from the offset it was
 * written at: the end-to-end proof that clients can write and read. The topic is created when
 * missing, one partition with replication factor min(3, brokers).
 */
final class Canary {


    private final Admin admin;
    private final ConnectionSettings settings;
    private final Clock clock;

    Canary(Admin admin, ConnectionSettings settings, Clock clock) {
        this.admin = admin;
        this.settings = settings;
        this.clock = clock;
    }

    /** What the canary lacks when the authorizer refused it. */
    private Optional<String> refused(Throwable e, String purpose, AclOperation operation, String topic) {
        return AccessAdvice.authorization(e) == null ? Optional.empty()
                : Optional.of(AccessAdvice.of(settings).needs(purpose, operation, ResourceType.TOPIC, topic));
    }

    VerifyCheck roundTrip(String topic, int brokers) {
        Duration timeout = settings.timeout();
        String created = "";
        try {
            if (!Futures.get(admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true)).names(), timeout)
                    .contains(topic)) {
                short rf = (short) Math.max(1, Math.min(3, brokers));
                try {
                    Futures.get(admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.of(rf)))).all(), timeout);
                    created = " (created the topic, RF " + rf + ")";
                } catch (TopicExistsException e) {
                    // another verify created it first
                }
            }
        } catch (RuntimeException e) {
            return new VerifyCheck("canary", VerifyCheck.Status.FAIL, refused(e, "creating the canary topic",
                    AclOperation.CREATE, topic).orElse("cannot create " + topic + ": " + Futures.describe(e)), List.of());
        }
        byte[] id = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
        long start = clock.millis();
        Map<String, Object> producerProps = new HashMap<>(settings.consumerProperties());
        producerProps.keySet().removeAll(List.of("enable.auto.commit", "default.api.timeout.ms"));
        producerProps.put("client.id", "warden-canary");
        producerProps.put("acks", "all");
        producerProps.put("delivery.timeout.ms", (int) Math.max(timeout.toMillis(), 1000) + 1000);
        producerProps.put("max.block.ms", (int) timeout.toMillis());
        RecordMetadata written;
        try (var producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(), new ByteArraySerializer())) {
            written = producer.send(new ProducerRecord<>(topic, 0, id, id)).get(timeout.toMillis() + 2000, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return new VerifyCheck("canary", VerifyCheck.Status.FAIL, refused(e, "the canary", AclOperation.WRITE, topic)
                    .orElse("produce to " + topic + " failed" + created + ": " + Futures.describe(e.getCause() != null ? e.getCause() : e)),
                    List.of());
        }
        long produced = clock.millis();
        TopicPartition tp = new TopicPartition(topic, written.partition());
        try (var consumer = new KafkaConsumer<>(settings.consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, written.offset());
            long deadline = produced + timeout.toMillis();
            while (clock.millis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (java.util.Arrays.equals(r.key(), id)) {
                        long done = clock.millis();
                        return new VerifyCheck("canary", VerifyCheck.Status.PASS, "produced and consumed 1 record on " + topic
                                + "-" + tp.partition() + " at offset " + written.offset() + " in " + (done - start)
                                + " ms (produce " + (produced - start) + " ms, consume " + (done - produced) + " ms)" + created, List.of());
                    }
                }
            }
        } catch (RuntimeException e) {
            return new VerifyCheck("canary", VerifyCheck.Status.FAIL, refused(e, "the canary", AclOperation.READ, topic)
                    .orElse("consume from " + topic + " failed: " + Futures.describe(e)), List.of());
        }
        return new VerifyCheck("canary", VerifyCheck.Status.FAIL, "produced to " + topic + "-" + tp.partition() + " at offset "
                + written.offset() + " but did not read it back within " + timeout.toSeconds() + " s", List.of());
    }
}
