package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Given a topic of 60 events where e-7 was delivered three times and e-9 twice, when the operator
 * looks for duplicates, then exactly those are found with the offset of every copy, in one pass
 * or in several.
 */
class DuplicatesIT {

    static EmbeddedKafka kafka;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void cluster() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
             var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                     new ByteArraySerializer(), new ByteArraySerializer())) {
            ReadyTopics.create(admin, List.of(new NewTopic("events", 3, (short) 1)));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 55; i++) {
                ids.add("e-" + i);
            }
            ids.addAll(List.of("e-7", "e-7", "e-9")); // planted: redeliveries
            for (int i = 0; i < ids.size(); i++) {
                var headers = new RecordHeaders().add("event-id", ids.get(i).getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>("events", i % 3, null, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        "{}".getBytes(StandardCharsets.UTF_8), headers)).get();
            }
            producer.send(new ProducerRecord<>("events", 0, "no-id".getBytes(StandardCharsets.UTF_8), new byte[0])).get();
            producer.send(new ProducerRecord<>("events", 1, "no-id".getBytes(StandardCharsets.UTF_8), new byte[0])).get();
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    @Test
    void findsThePlantedDuplicatesWithEveryCopysOffset() throws Exception {
        Cli cli = Cli.run("duplicates", "events", "-b", kafka.bootstrapServers(), "--id-header", "event-id", "-o", "json");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
        JsonNode r = JSON.readTree(cli.out());
        assertThat(r.get("records").asLong()).isEqualTo(60);
        assertThat(r.get("withoutId").asLong()).isEqualTo(2);
        assertThat(r.get("distinctIds").asLong()).isEqualTo(55);
        assertThat(r.get("duplicateIds").asLong()).isEqualTo(2);
        assertThat(r.get("extraCopies").asLong()).isEqualTo(3);
        JsonNode top = r.get("duplicates").get(0);
        assertThat(top.get("id").asText()).isEqualTo("e-7");
        assertThat(top.get("count").asLong()).isEqualTo(3);
        // e-7 was record 7 (partition 1, offset 2), 55 (partition 1, offset 18) and 56 (partition 2, offset 18)
        List<String> where = new ArrayList<>();
        top.get("occurrences").forEach(o -> where.add(o.get("partition").asInt() + "@" + o.get("offset").asLong()));
        assertThat(where).containsExactlyInAnyOrder("1@2", "1@18", "2@18");
        assertThat(r.get("duplicates").get(1).get("id").asText()).isEqualTo("e-9");
    }

    @Test
    void severalPassesWithinASmallMemoryBoundFindTheSame() throws Exception {
        Cli cli = Cli.run("duplicates", "events", "-b", kafka.bootstrapServers(), "--id-header", "event-id", "--max-ids", "10",
                "-o", "json");

        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(1);
        JsonNode r = JSON.readTree(cli.out());
        assertThat(r.get("passes").asInt()).isEqualTo(6);
        assertThat(r.get("distinctIds").asLong()).isEqualTo(55);
        assertThat(r.get("duplicateIds").asLong()).isEqualTo(2);
        assertThat(r.get("extraCopies").asLong()).isEqualTo(3);
    }

    @Test
    void uniqueKeysOrAnEmptyRangeExitZero() {
        Cli keys = Cli.run("duplicates", "events", "-b", kafka.bootstrapServers(), "--key", "--until", "2h");
        assertThat(keys.exitCode()).as(keys.err()).isZero();
        assertThat(keys.out()).contains("0 records");

        Cli all = Cli.run("duplicates", "events", "-b", kafka.bootstrapServers(), "--key");
        // the two records without an event id share the key "no-id"
        assertThat(all.exitCode()).isEqualTo(1);
        assertThat(all.out()).contains("no-id", "0@20 1@19");
    }
}
