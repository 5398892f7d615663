package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given one real small backup, when its manifest is made inconsistent (null, negative, reversed or
 * contradictory fields, paths out of the directory) or its files are truncated, missing, swapped,
 * linked elsewhere or joined by foreign ones, then {@code backup verify} reports the damage (exit 2)
 * or refuses the manifest (exit 65) in one line naming the file, never passes and never fails
 * internally (70), and a restore refuses the backup without touching the cluster.
 */
class DamagedBackupIT {

    static final String SEGMENT = "dmg/0/00000000000000000000.seg";
    static final String OTHER_PARTITION = "dmg/1/00000000000000000000.seg";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path pristine;
    static Path other;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void backups() throws Exception {
        kafka = EmbeddedKafka.single();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("dmg", 2, (short) 1), new NewTopic("dmg2", 2, (short) 1)));
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 12; i++) {
                for (int partition = 0; partition < 2; partition++) {
                    p.send(new ProducerRecord<>("dmg", partition, ("k" + i).getBytes(), ("v" + i + "/" + partition).getBytes()));
                    p.send(new ProducerRecord<>("dmg2", partition, ("k" + i).getBytes(), ("other " + i).getBytes()));
                }
            }
        }
        pristine = tmp.resolve("pristine");
        other = tmp.resolve("other");
        assertThat(Cli.run("backup", "create", "-b", kafka.bootstrapServers(), "--topics", "dmg", "--to", pristine.toString(),
                "--segment-records", "4").exitCode()).isZero();
        assertThat(Cli.run("backup", "create", "-b", kafka.bootstrapServers(), "--topics", "dmg2", "--to", other.toString(),
                "--segment-records", "4").exitCode()).isZero();
        assertThat(Cli.run("backup", "verify", pristine.toString()).exitCode()).isZero();
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    /** Damages a copy of the backup; returns the file a message must name. */
    interface Damage {
        String apply(Path dir) throws Exception;
    }

    static Stream<Arguments> damages() {
        List<Arguments> out = new ArrayList<>();
        // the manifest contradicts itself or points out of the directory: refused, 65
        manifest(out, "topic name null", t -> topic(t).putNull("name"));
        manifest(out, "topic name leads out", t -> topic(t).put("name", "../etc"));
        manifest(out, "topics null", t -> t.putNull("topics"));
        manifest(out, "no topics", t -> t.putArray("topics"));
        manifest(out, "topic listed twice", t -> ((ArrayNode) t.get("topics")).add(topic(t).deepCopy()));
        manifest(out, "configs null", t -> topic(t).putNull("configs"));
        manifest(out, "partitions null", t -> topic(t).putNull("partitions"));
        manifest(out, "partition count contradicts the partitions", t -> topic(t).put("partitionCount", 3));
        manifest(out, "partition listed twice", t -> partition(t, 1).put("partition", 0));
        manifest(out, "negative start offset", t -> partition(t, 0).put("startOffset", -1));
        manifest(out, "end before start", t -> partition(t, 0).put("startOffset", 20).put("endOffset", 10));
        manifest(out, "records do not match the segments", t -> partition(t, 0).put("records", 11));
        manifest(out, "negative offsets lost", t -> partition(t, 0).put("offsetsLost", -5));
        manifest(out, "segments null", t -> partition(t, 0).putNull("segments"));
        manifest(out, "segment listed twice", t -> ((ArrayNode) partition(t, 0).get("segments")).insert(1, segment(t, 0).deepCopy()));
        manifest(out, "segment path with ..", t -> segment(t, 0).put("file", "../../outside.seg"));
        manifest(out, "absolute segment path", t -> segment(t, 0).put("file", "/etc/passwd"));
        manifest(out, "segment of another partition listed", t -> segment(t, 0).put("file", OTHER_PARTITION));
        manifest(out, "segment ends before it starts", t -> segment(t, 1).put("lastOffset", 2));
        manifest(out, "segment ends after the cut", t -> segment(t, 2).put("lastOffset", 99));
        manifest(out, "segment of no records", t -> segment(t, 0).put("records", 0));
        manifest(out, "negative segment size", t -> segment(t, 0).put("bytes", -1));
        manifest(out, "checksum not hex", t -> segment(t, 0).put("crc32c", "zz-top"));
        manifest(out, "timestamps reversed", t -> segment(t, 0).put("minTimestamp", Long.MAX_VALUE));
        manifest(out, "cluster id null", t -> t.putNull("clusterId"));
        manifest(out, "base path not absolute", t -> t.putObject("base").put("dir", "base").put("path", "../../base")
                .put("createdAt", "2026-01-01T00:00:00Z").put("clusterId", "c"));
        manifest(out, "cut time not a time", t -> t.put("createdAt", "yesterday"));
        manifest(out, "format version 2", t -> t.put("formatVersion", 2));
        manifest(out, "group offset of no topic", t -> t.putObject("groups").putArray("g").addObject().putNull("topic")
                .put("partition", 0).put("offset", 3));
        manifest(out, "negative group offset", t -> t.putObject("groups").putArray("g").addObject().put("topic", "dmg")
                .put("partition", 0).put("offset", -7));
        out.add(Arguments.of("manifest truncated", 65, (Damage) dir -> {
            byte[] m = Files.readAllBytes(dir.resolve("manifest.json"));
            Files.write(dir.resolve("manifest.json"), java.util.Arrays.copyOf(m, m.length / 2));
            return "manifest.json";
        }));
        out.add(Arguments.of("manifest not JSON", 65, (Damage) dir -> {
            Files.write(dir.resolve("manifest.json"), new byte[] {0, 1, 2, '{', 'x'});
            return "manifest.json";
        }));
        out.add(Arguments.of("manifest a link out of the directory", 65, (Damage) dir -> {
            Path outside = Files.copy(dir.resolve("manifest.json"), tmp.resolve("outside-" + dir.getFileName() + ".json"));
            Files.delete(dir.resolve("manifest.json"));
            Files.createSymbolicLink(dir.resolve("manifest.json"), outside);
            return "manifest.json";
        }));
        // the files do not match the manifest: damage, 2
        out.add(Arguments.of("segment truncated", 2, (Damage) dir -> {
            byte[] s = Files.readAllBytes(dir.resolve(SEGMENT));
            Files.write(dir.resolve(SEGMENT), java.util.Arrays.copyOf(s, s.length - 9));
            return SEGMENT;
        }));
        out.add(Arguments.of("segment empty", 2, (Damage) dir -> {
            Files.write(dir.resolve(SEGMENT), new byte[0]);
            return SEGMENT;
        }));
        out.add(Arguments.of("segment missing", 2, (Damage) dir -> {
            Files.delete(dir.resolve(SEGMENT));
            return SEGMENT;
        }));
        out.add(Arguments.of("segment of another partition in its place", 2, (Damage) dir -> {
            Files.copy(dir.resolve(OTHER_PARTITION), dir.resolve(SEGMENT), StandardCopyOption.REPLACE_EXISTING);
            return SEGMENT;
        }));
        out.add(Arguments.of("segment of another backup in its place", 2, (Damage) dir -> {
            Files.copy(other.resolve("dmg2/0/00000000000000000000.seg"), dir.resolve(SEGMENT), StandardCopyOption.REPLACE_EXISTING);
            return SEGMENT;
        }));
        out.add(Arguments.of("one bit of the record count flipped", 2, (Damage) dir -> {
            byte[] s = Files.readAllBytes(dir.resolve(SEGMENT));
            s[6] ^= 0x40;
            Files.write(dir.resolve(SEGMENT), s);
            return SEGMENT;
        }));
        out.add(Arguments.of("unknown codec, checksum made to match", 2, (Damage) dir -> {
            byte[] s = Files.readAllBytes(dir.resolve(SEGMENT));
            s[4] = 9;
            Files.write(dir.resolve(SEGMENT), s);
            CRC32C crc = new CRC32C();
            crc.update(s);
            edit(dir, t -> segment(t, 0).put("crc32c", Long.toHexString(crc.getValue())));
            return SEGMENT;
        }));
        out.add(Arguments.of("manifest counts fewer records than the file holds", 2, (Damage) dir -> {
            edit(dir, t -> {
                segment(t, 0).put("records", 3);
                partition(t, 0).put("records", partition(t, 0).get("records").asLong() - 1);
            });
            return SEGMENT;
        }));
        out.add(Arguments.of("segment a link out of the directory", 2, (Damage) dir -> {
            Path outside = Files.copy(dir.resolve(SEGMENT), tmp.resolve("outside-" + dir.getFileName() + ".seg"));
            Files.delete(dir.resolve(SEGMENT));
            Files.createSymbolicLink(dir.resolve(SEGMENT), outside);
            return SEGMENT;
        }));
        out.add(Arguments.of("partition directory a link out of the directory", 2, (Damage) dir -> {
            Path outside = tmp.resolve("outside-" + dir.getFileName());
            Files.move(dir.resolve("dmg/0"), outside);
            Files.createSymbolicLink(dir.resolve("dmg/0"), outside);
            return SEGMENT;
        }));
        out.add(Arguments.of("segment a directory", 2, (Damage) dir -> {
            Files.delete(dir.resolve(SEGMENT));
            Files.createDirectory(dir.resolve(SEGMENT));
            return SEGMENT;
        }));
        out.add(Arguments.of("segment a named pipe", 2, (Damage) dir -> {
            Files.delete(dir.resolve(SEGMENT));
            Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve(SEGMENT).toString()).start();
            assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
            return SEGMENT;
        }));
        out.add(Arguments.of("foreign file beside the manifest", 2, (Damage) dir -> {
            Files.writeString(dir.resolve("notes.txt"), "put here by hand");
            return "notes.txt";
        }));
        out.add(Arguments.of("foreign segment in a partition", 2, (Damage) dir -> {
            Files.copy(dir.resolve(SEGMENT), dir.resolve("dmg/0/00000000000000000099.seg"));
            return "dmg/0/00000000000000000099.seg";
        }));
        out.add(Arguments.of("foreign directory", 2, (Damage) dir -> {
            Files.createDirectories(dir.resolve("dmg/7"));
            return "dmg/7";
        }));
        return out.stream();
    }

    @ParameterizedTest(name = "{index}: {0} -> {1}")
    @MethodSource("damages")
    void aDamagedBackupIsReportedNamingTheFileAndRestoreRefusesIt(String name, int exit, Damage damage) throws Exception {
        Path dir = tmp.resolve("case-" + name.replaceAll("\\W+", "-"));
        copy(pristine, dir);
        String named = damage.apply(dir);
        Cli verify = Cli.run("backup", "verify", dir.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(exit);
        if (exit == 65) {
            assertThat(verify.err().strip().lines()).as(verify.err()).singleElement().asString().contains(named);
        } else {
            assertThat(verify.out().lines().filter(l -> l.startsWith("CORRUPT ")))
                    .as(verify.out()).anySatisfy(l -> assertThat(l).contains(dir.resolve(named).toString()));
            assertThat(verify.out()).contains("CRITICAL");
        }
        Cli restore = Cli.run("restore", dir.toString(), "-b", kafka.bootstrapServers(), "--rename", "dmg=dmg-restored");
        assertThat(restore.exitCode()).as(restore.err()).isEqualTo(65);
        assertThat(restore.err().strip().lines()).as(restore.err()).hasSize(1);
    }

    @Test
    void aRestoreMeetingAFlippedHeaderBitStopsWithNothingCommittedAndNoTopicLeft() throws Exception {
        Path dir = tmp.resolve("flipped-execute");
        copy(pristine, dir);
        Path last = dir.resolve("dmg/1/00000000000000000008.seg"); // the last segment a restore reaches
        byte[] s = Files.readAllBytes(last);
        s[30] ^= 0x20; // the frames' length
        Files.write(last, s);
        Cli restore = Cli.run("restore", dir.toString(), "-b", kafka.bootstrapServers(), "--rename", "dmg=dmg-flipped", "--execute",
                "--transaction-size", "2");
        assertThat(restore.exitCode()).as(restore.err()).isEqualTo(65);
        assertThat(restore.err()).contains(last.toString()).contains("nothing restored");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).doesNotContain("dmg-flipped");
        }
    }

    private static void manifest(List<Arguments> out, String name, Consumer<ObjectNode> edit) {
        out.add(Arguments.of(name, 65, (Damage) dir -> {
            edit(dir, edit);
            return "manifest.json";
        }));
    }

    private static void edit(Path dir, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode m = (ObjectNode) JSON.readTree(dir.resolve("manifest.json").toFile());
        edit.accept(m);
        Files.write(dir.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(m));
    }

    private static ObjectNode topic(ObjectNode m) {
        return (ObjectNode) m.get("topics").get(0);
    }

    private static ObjectNode partition(ObjectNode m, int p) {
        return (ObjectNode) topic(m).get("partitions").get(p);
    }

    private static ObjectNode segment(ObjectNode m, int s) {
        return (ObjectNode) partition(m, 0).get("segments").get(s);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
