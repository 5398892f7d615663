package io.warden.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    @Test
    void singleNodeTakesWritesAndRemovesItsDataOnClose() throws Exception {
        var dataDir = (java.nio.file.Path) null;
        try (var kafka = EmbeddedKafka.single()) {
            dataDir = kafka.dataDir();
            assertThat(kafka.bootstrapServers()).startsWith("localhost:").doesNotEndWith(":9092");
            try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                ReadyTopics.create(admin, List.of(new NewTopic("smoke", 2, (short) 1)));
                assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            }
            Properties props = new Properties();
            props.put("bootstrap.servers", kafka.bootstrapServers());
            try (var producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
                var meta = producer.send(new ProducerRecord<>("smoke", 1, "k", "v")).get();
                assertThat(meta.offset()).isZero();
            }
        }
        assertThat(Files.exists(dataDir)).isFalse();
    }
}
