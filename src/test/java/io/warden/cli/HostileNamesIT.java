package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given groups whose ids and client ids hold terminal escapes, line breaks and a right-to-left
 * override — any client of the cluster may choose them — when the operator lists groups, reads lag
 * or the status, then the terminal gets the names as visible text: no escape sequence reaches it,
 * no fake row appears, and JSON still carries the exact names.
 */
class HostileNamesIT {

    static final String GROUP = "pay\u001b]0;owned\u0007ments\nbilling  STABLE  0";
    static final String IDLE_GROUP = "\u202eevil\u001b[2J";
    static final String CLIENT = "client\u001b[31m\u202ered";

    static EmbeddedKafka kafka;
    static Admin admin;
    static KafkaConsumer<String, String> member;
    static final AtomicBoolean polling = new AtomicBoolean(true);
    static Thread poller;

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        ReadyTopics.create(admin, List.of(new NewTopic("orders", 1, (short) 1)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("orders", 0, "k", "v" + i));
            }
        }
        admin.alterConsumerGroupOffsets(IDLE_GROUP, Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(3))).all().get();
        member = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "group.id", GROUP,
                "client.id", CLIENT, "auto.offset.reset", "earliest", "max.poll.records", 4, "enable.auto.commit", false),
                new StringDeserializer(), new StringDeserializer());
        member.subscribe(List.of("orders"));
        poller = new Thread(() -> {
            boolean committed = false;
            while (polling.get()) {
                if (!member.poll(Duration.ofMillis(100)).isEmpty() && !committed) {
                    member.commitSync(Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(4)));
                    committed = true;
                }
            }
            member.close();
        });
        poller.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get().containsKey(new TopicPartition("orders", 0)));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        polling.set(false);
        poller.join();
        admin.close();
        kafka.close();
    }

    @Test
    void tablesShowHostileNamesAsTextOnTheirOwnRow() {
        for (String[] command : List.of(new String[] {"groups", "list"}, new String[] {"groups", "describe", "--all-groups", "--members"},
                new String[] {"lag"}, new String[] {"status"})) {
            Cli run = Cli.run(with(command, "-b", kafka.bootstrapServers()));
            String all = run.out() + run.err();

            assertThat(all).as(String.join(" ", command)).doesNotContain("\u001b", "\u0007", "\r", "\u202e");
            assertThat(run.out()).as(String.join(" ", command)).contains("pay\\u001b]0;owned\\u0007ments\\nbilling  STABLE  0");
            assertThat(run.out().lines().filter(l -> l.startsWith("billing"))).as("a row forged by a group id").isEmpty();
        }
        Cli members = Cli.run("groups", "describe", "--all-groups", "--members", "-b", kafka.bootstrapServers());
        assertThat(members.out()).contains("client\\u001b[31m\\u202ered");
        assertThat(Cli.run("lag", "-b", kafka.bootstrapServers()).out()).contains("\\u202eevil\\u001b[2J");
    }

    @Test
    void jsonCarriesTheExactNames() throws Exception {
        Cli run = Cli.run("lag", "-b", kafka.bootstrapServers(), "-o", "json");

        assertThat(run.out()).doesNotContain("\u001b", "\u202e");
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.findValuesAsText("group")).contains(GROUP, IDLE_GROUP);
    }

    private static String[] with(String[] command, String... more) {
        String[] all = java.util.Arrays.copyOf(command, command.length + more.length);
        System.arraycopy(more, 0, all, command.length, more.length);
        return all;
    }
}
