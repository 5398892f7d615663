import io.warden.embedded.EmbeddedKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The cluster for bench/backup-restore.sh: one real KRaft broker (Warden's EmbeddedKafka) with
 * empty topics {@code bench} (the data every backup copies) and {@code bench.perf.2} ... {@code
 * bench.perf.N} (for the producer perf test's later rounds) of the given partitions and no time
 * retention (restored records keep their original timestamps). Args: PARTITIONS [ROUNDS]. Prints
 * {@code READY bootstrap=...} and runs until killed.
 */
public final class BackupBenchCluster {

    public static void main(String[] args) throws Exception {
        int partitions = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        EmbeddedKafka kafka = EmbeddedKafka.start(1, Map.of("log.retention.ms", "-1"));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.err.println("[cluster] up at " + kafka.bootstrapServers() + " (data in " + kafka.dataDir() + ")");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic("bench", partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
            for (int round = 2; round <= rounds; round++) {
                topics.add(new NewTopic("bench.perf." + round, partitions, (short) 1).configs(Map.of("retention.ms", "-1")));
            }
            admin.createTopics(topics).all().get();
        }
        System.out.println("READY bootstrap=" + kafka.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
