package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.warden.audit.AuditReader;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Given a running {@code warden watch} process whose notification is still being delivered, when
 * it gets SIGTERM, then it delivers that notification, records the stop in the audit trail and
 * exits well within its shutdown timeout.
 */
class ShutdownIT {

    @Test
    void sigtermFlushesTheNotificationInFlightAndExits(@TempDir Path dir) throws Exception {
        AtomicInteger received = new AtomicInteger();
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", ex -> {
            requestArrived.countDown();
            try {
                release.await(30, TimeUnit.SECONDS); // the answer comes only after SIGTERM was sent
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.setExecutor(java.util.concurrent.Executors.newSingleThreadExecutor());
        hook.start();
        try (var kafka = EmbeddedKafka.single()) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                ReadyTopics.create(admin, List.of(new NewTopic("payments.dlq", 1, (short) 1)));
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 150; i++) {
                    producer.send(new ProducerRecord<>("payments.dlq", "k", "failed " + i));
                }
            }
            Path audit = dir.resolve("audit.jsonl");
            Path yaml = Files.writeString(dir.resolve("w.yaml"), """
                    cluster: {name: test, bootstrap-servers: %s}
                    watch: {interval: 1s, timeout: 5s, window: 10s, shutdown-timeout: 20s}
                    alerts: {silences-file: %s}
                    notifiers:
                      hook: {type: webhook, url: "http://127.0.0.1:%d/"}
                    audit: {file: %s}
                    http: {port: -1}
                    """.formatted(kafka.bootstrapServers(), dir.resolve("s.json"), hook.getAddress().getPort(), audit));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process warden = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "watch", "--config", yaml.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
            try {
                assertThat(requestArrived.await(60, TimeUnit.SECONDS)).as("the DLQ alert was sent").isTrue();
                long start = System.nanoTime();

                warden.destroy(); // SIGTERM
                release.countDown();

                assertThat(warden.waitFor(40, TimeUnit.SECONDS)).as("exited").isTrue();
                assertThat((System.nanoTime() - start) / 1e9).isLessThan(25);
            } finally {
                warden.destroyForcibly();
            }
            assertThat(received.get()).isEqualTo(1);
            var events = AuditReader.read(audit, AuditReader.all()).events();
            assertThat(events).extracting(e -> e.type()).contains("alert.fired", "notification.sent")
                    .endsWith("watch.stopped");
            assertThat(events.get(events.size() - 1).data()).containsEntry("notificationsFlushed", true);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void sigtermDuringARestartCommandStopsItRecordsItAndTheNextStartDoesNotRepeatIt(@TempDir Path dir) throws Exception {
        try (var kafka = EmbeddedKafka.single()) {
            Path audit = dir.resolve("audit.jsonl");
            Path pid = dir.resolve("restart.pid");
            // broker 99 never existed: expected, so it is down, and its restart command hangs
            Path yaml = Files.writeString(dir.resolve("w.yaml"), """
                    cluster: {name: test, bootstrap-servers: "%s", expected-brokers: [99]}
                    watch: {interval: 500ms, timeout: 5s, window: 10s, shutdown-timeout: 3s}
                    alerts: {silences-file: %s}
                    audit: {file: %s}
                    http: {port: -1}
                    heal:
                      state-dir: %s
                      grace: 0s
                      max-brokers-down-percent: 100
                      playbooks:
                        - name: restart
                          check: broker-down
                          mode: "on"
                          steps:
                            - action: restart-broker
                              command: [sh, -c, 'echo $$ >> %s; exec sleep 120']
                              retry: {max-attempts: 3, delay: 5m}
                    """.formatted(kafka.bootstrapServers(), dir.resolve("s.json"), audit, dir, pid));
            Process first = watch(yaml, dir.resolve("out1.txt"));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
                long command = Long.parseLong(Files.readString(pid).strip());
                long start = System.nanoTime();

                first.destroy(); // SIGTERM

                assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
                assertThat((System.nanoTime() - start) / 1e9).as("seconds to exit").isLessThan(20);
                await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(command).map(p -> !p.isAlive()).orElse(true));
            } finally {
                first.destroyForcibly();
            }
            var events = AuditReader.read(audit, AuditReader.all()).events();
            assertThat(events).extracting(e -> e.type()).containsSubsequence("heal.action.started", "heal.action.finished",
                    "watch.stopped");
            assertThat(events).filteredOn(e -> e.type().equals("heal.action.finished")).singleElement()
                    .satisfies(e -> assertThat(e.data()).containsEntry("outcome", "INTERRUPTED"));

            Process second = watch(yaml, dir.resolve("out2.txt"));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> AuditReader.read(audit, AuditReader.type("heal.decided")).events()
                        .stream().anyMatch(e -> e.data().get("reason").toString().contains("backing off after attempt 1 interrupted")));
                second.destroy();
                assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                second.destroyForcibly();
            }
            assertThat(AuditReader.read(audit, AuditReader.type("heal.action.started")).events()).hasSize(1);
            assertThat(Files.readAllLines(pid)).hasSize(1);
        }
    }

    private static Process watch(Path yaml, Path out) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "watch", "--config", yaml.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }
}
