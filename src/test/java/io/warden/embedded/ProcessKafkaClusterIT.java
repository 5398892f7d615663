package io.warden.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ProcessKafkaClusterIT {

    private static final Logger log = LoggerFactory.getLogger(ProcessKafkaClusterIT.class);
    private static final String TOPIC = "orders";

    @TempDir
    Path tmp;

    @Test
    void aBrokerKilledHardComesBackThroughItsStartCommand() throws Exception {
        Path dir = tmp.resolve("cluster");
        List<ProcessHandle> everyProcess = new ArrayList<>();
        long t = System.nanoTime();
        try (var cluster = ProcessKafkaCluster.start(3, dir);
             var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                     AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                     AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000))) {
            t = lap("start", t);
            everyProcess.addAll(cluster.processes());
            assertThat(everyProcess).hasSize(4).allMatch(ProcessHandle::isAlive);
            assertThat(cluster.brokerIds()).containsExactly(0, 1, 2);
            log.info("event=rss {}", everyProcess.stream().map(p -> "pid" + p.pid() + "=" + rssMb(p) + "MB")
                    .collect(Collectors.joining(" ")));

            // given a topic replicated on every broker, with data
            ReadyTopics.create(admin, List.of(new NewTopic(TOPIC, 3, (short) 3)));
            produce(cluster, 100);
            t = lap("topic_created_and_written", t);

            // when one broker dies without a goodbye
            int victim = 1;
            cluster.kill(victim);
            assertThat(cluster.isAlive(victim)).isFalse();
            await().atMost(Duration.ofSeconds(30)).until(() -> !brokers(admin).contains(victim));
            t = lap("kill_detected", t);
            await().atMost(Duration.ofSeconds(30)).until(() -> underReplicated(admin) > 0);
            produce(cluster, 100);
            t = lap("written_while_down", t);

            // then its start command, run by someone who knows only the command, brings it back
            Process script = new ProcessBuilder(cluster.startCommand(victim)).redirectErrorStream(true).start();
            assertThat(script.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(script.exitValue()).as(new String(script.getInputStream().readAllBytes())).isZero();
            t = lap("start_command_returned", t);
            assertThat(cluster.isAlive(victim)).isTrue();
            everyProcess.addAll(cluster.processes());
            await().atMost(Duration.ofSeconds(60)).until(() -> brokers(admin).contains(victim));
            t = lap("rejoined", t);
            await().atMost(Duration.ofSeconds(60)).until(() -> underReplicated(admin) == 0);
            t = lap("fully_replicated", t);

            // and a broker restarted before the controller even noticed its death serves when start returns
            cluster.kill(2);
            cluster.start(2);
            t = lap("killed_and_started", t);
            everyProcess.addAll(cluster.processes());
            assertThat(admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "2")))
                    .all().get()).isNotEmpty();
            await().atMost(Duration.ofSeconds(60)).until(() -> underReplicated(admin) == 0);
            lap("fully_replicated_again", t);
            assertThat(endOffsetSum(admin)).isEqualTo(200);
        }
        assertThat(dir).doesNotExist();
        // the broker the script started is no child of ours: dead at once, but a zombie to
        // ProcessHandle until init reaps it, which some container inits do only every second or so
        await().atMost(Duration.ofSeconds(10)).until(() -> everyProcess.stream().noneMatch(ProcessHandle::isAlive));
    }

    @Test
    void aBrokerThatDiesWhileStartingFailsTheStartWithItsLogAndLeavesNothingBehind() {
        Path dir = tmp.resolve("broken");
        // a cleaner buffer larger than the child's heap: the broker dies of OutOfMemoryError in LogManager
        Throwable failure = catchThrowable(() -> ProcessKafkaCluster.start(1, dir,
                Map.of("log.cleaner.dedupe.buffer.size", Integer.toString(512 * 1024 * 1024))));

        assertThat(failure).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broker-0 exited while starting")
                .hasMessageContaining("OutOfMemoryError");
        assertThat(dir).doesNotExist();
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(p -> p.info().commandLine().orElse("")))
                .noneMatch(command -> command.contains(dir.toString()));
    }

    private static long lap(String phase, long since) {
        long now = System.nanoTime();
        log.info("event=timing phase={} ms={}", phase, TimeUnit.NANOSECONDS.toMillis(now - since));
        return now;
    }

    private static void produce(ProcessKafkaCluster cluster, int records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "order-" + i, "{}"));
            }
            producer.flush();
        }
    }

    private static List<Integer> brokers(Admin admin) throws Exception {
        return admin.describeCluster().nodes().get().stream().map(Node::id).toList();
    }

    private static long underReplicated(Admin admin) throws Exception {
        TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get().get(TOPIC);
        return topic.partitions().stream().filter(p -> p.isr().size() < p.replicas().size()).count();
    }

    private static long endOffsetSum(Admin admin) throws Exception {
        var request = java.util.stream.IntStream.range(0, 3).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static String rssMb(ProcessHandle process) {
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.toString(Long.parseLong(l.replaceAll("\\D", "")) / 1024)).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
