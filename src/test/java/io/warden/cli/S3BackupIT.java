package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.embedded.EmbeddedKafka;
import io.warden.embedded.ReadyTopics;
import io.warden.embedded.S3Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Given topics on a real Kafka and a real S3 server (s3proxy), when the operator backs them up to
 * {@code s3://bucket/prefix} and restores from there into fresh topics, then the records and the
 * groups' offsets are as the disk path gives them; a damaged object is found by verify, an
 * interrupted backup continues, a large segment goes up in parts, and bad input is one line.
 * Warden gets its credentials as the AWS SDK's default chain finds them (here: system properties).
 */
class S3BackupIT {

    static final String BUCKET = "warden-it";
    static final long T0 = 1_700_000_000_000L;

    static EmbeddedKafka kafka;
    static S3Proxy s3;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.single();
        s3 = S3Proxy.start(tmp);
        s3.createBucket(BUCKET);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            ReadyTopics.create(admin, List.of(new NewTopic("orders", 2, (short) 1), new NewTopic("big", 1, (short) 1)));
            Random random = new Random(7);
            try (KafkaProducer<byte[], byte[]> p = producer()) {
                for (int i = 0; i < 40; i++) {
                    RecordHeaders h = new RecordHeaders();
                    h.add(new RecordHeader("trace", new byte[] {(byte) i, 0}));
                    h.add(new RecordHeader("empty", null));
                    byte[] key = i % 9 == 4 ? null : ("k" + i).getBytes(StandardCharsets.UTF_8);
                    byte[] value = i % 11 == 6 ? null : bytes(random, 1 + random.nextInt(300));
                    p.send(new ProducerRecord<>("orders", i % 2, T0 + i * 1000L, key, value, h));
                }
                // random bytes do not compress: one segment of about 6 MB, more than a 5 MiB part
                for (int i = 0; i < 6; i++) {
                    p.send(new ProducerRecord<>("big", 0, T0 + i, ("b" + i).getBytes(StandardCharsets.UTF_8), bytes(random, 1_000_000)));
                }
                p.flush();
            }
            admin.alterConsumerGroupOffsets("billing", Map.of(new TopicPartition("orders", 0), new OffsetAndMetadata(7),
                    new TopicPartition("orders", 1), new OffsetAndMetadata(20))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", S3Proxy.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", s3.secretKey());
    }

    @AfterEach
    void noCredentials() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    private static String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--s3-endpoint", s3.endpoint().toString(), "--s3-path-style", "--s3-region", "us-east-1"));
        return all.toArray(String[]::new);
    }

    @Test
    void aBackupInS3RestoresIntoFreshTopicsWithTheSameRecordsAndGroupOffsets() throws Exception {
        String to = "s3://" + BUCKET + "/kafka/orders-full";
        Cli created = Cli.run(args("backup", "create", "-b", kafka.bootstrapServers(), "--topics", "orders", "--to", to,
                "--segment-records", "4"));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("complete, 40 records in the backup").contains(to);
        assertThat(created.err()).contains("--compression zstd").doesNotContain(s3.secretKey());
        assertThat(keys("kafka/orders-full/")).contains("kafka/orders-full/manifest.json", "kafka/orders-full/cut.json",
                "kafka/orders-full/orders/0/00000000000000000000.seg", "kafka/orders-full/orders/1/00000000000000000004.seg");

        Cli list = Cli.run(args("backup", "list", to));
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("orders\\s+0\\s+0\\s+20\\s+20\\s+5");
        Cli verify = Cli.run(args("backup", "verify", to));
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("OK: 10 segments, 40 records");

        Cli restored = Cli.run(args("restore", to, "-b", kafka.bootstrapServers(), "--rename", "orders=orders-from-s3", "--execute",
                "--retention-ms", "-1", "--config", auditConfig().toString()));
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("Restored 40 records");
        assertThat(BackupIT.read(kafka, "orders-from-s3", 2)).isEqualTo(BackupIT.read(kafka, "orders", 2));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get();
            assertThat(offsets.get(new TopicPartition("orders-from-s3", 0)).offset()).isEqualTo(7);
            // one transaction: the records keep their offsets, its commit marker comes after them
            assertThat(offsets.get(new TopicPartition("orders-from-s3", 1)).offset()).isEqualTo(20);
        }
        String audit = java.nio.file.Files.readString(tmp.resolve("audit.jsonl"));
        assertThat(audit).contains("restore.data").contains(to).doesNotContain(s3.secretKey()).doesNotContain(S3Proxy.ACCESS_KEY);
    }

    @Test
    void verifyFindsADamagedObjectAndAnObjectThatIsNotPartOfTheBackup() {
        String to = "s3://" + BUCKET + "/kafka/damaged";
        assertThat(Cli.run(args("backup", "create", "-b", kafka.bootstrapServers(), "--topics", "orders", "--to", to,
                "--segment-records", "4", "--compression", "zstd")).exitCode()).isZero();
        String key = "kafka/damaged/orders/1/00000000000000000008.seg";
        byte[] segment = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
        segment[segment.length / 2] ^= 0x10;
        s3.client().putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(segment));
        s3.client().putObject(b -> b.bucket(BUCKET).key("kafka/damaged/orders/1/notes.txt"), RequestBody.fromString("hi"));
        s3.client().deleteObject(b -> b.bucket(BUCKET).key("kafka/damaged/orders/0/00000000000000000016.seg"));

        Cli verify = Cli.run(args("backup", "verify", to));
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(2);
        assertThat(verify.out()).contains("CORRUPT " + to + "/orders/1/00000000000000000008.seg: ")
                .contains("CORRUPT " + to + "/orders/0/00000000000000000016.seg: missing")
                .contains("CORRUPT " + to + "/orders/1/notes.txt: an object that is not part of the backup")
                .contains("CRITICAL: 10 segments, 32 records checked, 3 problems");
        Cli restore = Cli.run(args("restore", to, "-b", kafka.bootstrapServers(), "--rename", "orders=orders-damaged", "--execute",
                "--retention-ms", "-1"));
        assertThat(restore.exitCode()).as(restore.err()).isEqualTo(65);
        assertThat(restore.err()).contains("fails verification, nothing restored").doesNotContain("\tat ");
    }

    @Test
    void anInterruptedBackupContinuesAfterItsLastCompleteSegment() throws Exception {
        String to = "s3://" + BUCKET + "/kafka/resumed";
        String[] backup = args("backup", "create", "-b", kafka.bootstrapServers(), "--topics", "orders", "--to", to,
                "--segment-records", "4", "--parallelism", "1", "--max-records", "8");
        Cli first = Cli.run(backup);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("not complete");
        assertThat(keys("kafka/resumed/")).contains("kafka/resumed/cut.json").doesNotContain("kafka/resumed/manifest.json")
                .filteredOn(k -> k.endsWith(".seg")).hasSize(2);
        Cli unfinished = Cli.run(args("backup", "verify", to));
        assertThat(unfinished.exitCode()).isEqualTo(66);
        assertThat(unfinished.err()).contains("the backup is not complete");
        // a run killed during a multipart upload leaves its parts, which are paid for until aborted
        String left = s3.client().createMultipartUpload(b -> b.bucket(BUCKET).key("kafka/resumed/orders/1/00000000000000000010.seg"))
                .uploadId();
        s3.client().uploadPart(b -> b.bucket(BUCKET).key("kafka/resumed/orders/1/00000000000000000010.seg").uploadId(left)
                .partNumber(1), RequestBody.fromString("half"));

        Cli second = Cli.run(args("backup", "create", "-b", kafka.bootstrapServers(), "--topics", "orders", "--to", to,
                "--segment-records", "4", "--parallelism", "1"));
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("Resumed").contains("32 records").contains("complete, 40 records in the backup");
        assertThat(s3.client().listMultipartUploads(b -> b.bucket(BUCKET).prefix("kafka/resumed/")).uploads()).isEmpty();
        Cli verify = Cli.run(args("backup", "verify", to));
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        Cli restored = Cli.run(args("restore", to, "-b", kafka.bootstrapServers(), "--rename", "orders=orders-resumed", "--execute",
                "--retention-ms", "-1", "--no-group-offsets"));
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(BackupIT.read(kafka, "orders-resumed", 2)).isEqualTo(BackupIT.read(kafka, "orders", 2));
    }

    @Test
    void aSegmentLargerThanThePartSizeIsUploadedInParts() {
        String to = "s3://" + BUCKET + "/kafka/big";
        Cli created = Cli.run(args("backup", "create", "-b", kafka.bootstrapServers(), "--topics", "big", "--to", to,
                "--segment-bytes", "16777216", "--s3-part-size", "5242880"));
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("1 segments");
        String etag = s3.client().headObject(b -> b.bucket(BUCKET).key("kafka/big/big/0/00000000000000000000.seg")).eTag();
        assertThat(etag).as("a multipart upload's ETag names its part count").endsWith("-2\"");
        assertThat(s3.client().listMultipartUploads(b -> b.bucket(BUCKET).prefix("kafka/big/")).uploads()).isEmpty();
        Cli verify = Cli.run(args("backup", "verify", to));
        assertThat(verify.exitCode()).as(verify.out()).isZero();
        Cli restored = Cli.run(args("restore", to, "-b", kafka.bootstrapServers(), "--rename", "big=big-restored", "--execute",
                "--retention-ms", "-1"));
        assertThat(restored.exitCode()).as(restored.err()).isZero();
        assertThat(BackupIT.read(kafka, "big-restored", 1)).isEqualTo(BackupIT.read(kafka, "big", 1));
    }

    @Test
    void badInputIsOneLineWithWhatToDoAndNoSecret() throws Exception {
        String b = kafka.bootstrapServers();
        expect(Cli.run(args("backup", "create", "-b", b, "--topics", "orders", "--to", "s3:/" + BUCKET + "/x")), 64,
                "is not an s3:// location");
        expect(Cli.run(args("backup", "create", "-b", b, "--topics", "orders", "--to", "s3:///x")), 64, "names no bucket");
        expect(Cli.run(args("backup", "create", "-b", b, "--topics", "orders", "--to", "s3://" + BUCKET)), 64, "names no prefix");
        expect(Cli.run(args("backup", "verify", "s3://" + BUCKET + "/a/../b")), 64, "without '.', '..'");
        expect(Cli.run(args("backup", "verify", "s3://Bad_Bucket/x")), 64, "is not a bucket name");
        expect(Cli.run("backup", "verify", "s3://" + BUCKET + "/x", "--s3-endpoint", "ftp://h"), 64, "--s3-endpoint 'ftp://h'");
        expect(Cli.run(args("backup", "list", "s3://no-such-bucket/x")), 66, "bucket no-such-bucket does not exist");
        expect(Cli.run(args("backup", "create", "-b", b, "--topics", "orders", "--to", tmp.resolve("dir").toString())), 64,
                "is a directory, but --s3-* options are given");
        expect(Cli.run(args("backup", "verify", "s3://" + BUCKET + "/nothing-here")), 66, "holds no manifest.json");

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Cli unreachable = Cli.run("backup", "create", "-b", b, "--topics", "orders", "--to", "s3://" + BUCKET + "/x",
                "--s3-endpoint", "http://127.0.0.1:" + closed, "--s3-path-style", "--s3-region", "us-east-1");
        expect(unreachable, 69, "cannot reach the storage");
        assertThat(unreachable.err()).contains("--s3-endpoint");

        System.setProperty("aws.secretAccessKey", "not-the-secret-" + s3.secretKey().substring(0, 4));
        Cli refused = Cli.run(args("backup", "create", "-b", b, "--topics", "orders", "--to", "s3://" + BUCKET + "/x"));
        expect(refused, 78, "does not accept the credentials");
        assertThat(refused.err() + refused.out()).doesNotContain("not-the-secret-");

        noCredentials();
        String profiles = System.setProperty("aws.sharedCredentialsFile", tmp.resolve("none").toString());
        System.setProperty("aws.configFile", tmp.resolve("none").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null, "credentials in the environment");
            Cli none = Cli.run(args("backup", "create", "-b", b, "--topics", "orders", "--to", "s3://" + BUCKET + "/x"));
            expect(none, 78, "no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        } finally {
            if (profiles == null) {
                System.clearProperty("aws.sharedCredentialsFile");
            }
            System.clearProperty("aws.configFile");
            System.clearProperty("aws.disableEc2Metadata");
        }
        assertThat(keys("x/")).as("nothing written on bad input").isEmpty();
        assertThat(tmp.resolve("dir")).doesNotExist();
    }

    private static void expect(Cli cli, int exit, String message) {
        assertThat(cli.exitCode()).as(cli.err()).isEqualTo(exit);
        assertThat(cli.err()).contains(message).doesNotContain("\tat ").doesNotContain(s3.secretKey());
        assertThat(cli.err().strip().lines().count()).as(cli.err()).isEqualTo(1);
    }

    private static List<String> keys(String prefix) {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static Path auditConfig() throws Exception {
        Path config = tmp.resolve("warden.yaml");
        java.nio.file.Files.writeString(config, "audit:\n  file: " + tmp.resolve("audit.jsonl") + "\n");
        return config;
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all", "max.request.size", 4 << 20),
                new ByteArraySerializer(), new ByteArraySerializer());
    }
}
