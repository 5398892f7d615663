import io.warden.embedded.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The cluster for bench/backup-restore.sh: one real KRaft broker (Warden's EmbeddedKafka) with an
 * empty topic {@code bench} of the given partitions and no time retention (restored records keep
 * their original timestamps). Prints {@code READY bootstrap=...} and runs until killed.
 */
public final class BackupBenchCluster {

    public static void main(String[] args) throws Exception {
        int partitions = Integer.parseInt(args[0]);
        EmbeddedKafka kafka = EmbeddedKafka.start(1, Map.of("log.retention.ms", "-1"));
        Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        System.err.println("[cluster] up at " + kafka.bootstrapServers() + " (data in " + kafka.dataDir() + ")");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("bench", partitions, (short) 1)
                    .configs(Map.of("retention.ms", "-1")))).all().get();
        }
        System.out.println("READY bootstrap=" + kafka.bootstrapServers());
        System.out.flush();
        Thread.currentThread().join();
    }
}
