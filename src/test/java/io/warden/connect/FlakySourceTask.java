package io.warden.connect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** The task of {@link FlakySourceConnector}: fails from poll() while the marker file exists, else produces nothing. */
public class FlakySourceTask extends SourceTask {

    private final CountDownLatch stopped = new CountDownLatch(1);
    private Path marker;

    @Override
    public void start(Map<String, String> props) {
        marker = Path.of(props.get(FlakySourceConnector.MARKER));
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        if (Files.exists(marker)) {
            throw new ConnectException("source unavailable while " + marker + " exists");
        }
        // an idle source blocks for a while rather than making Connect spin on empty polls
        stopped.await(100, TimeUnit.MILLISECONDS);
        return null;
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    @Override
    public String version() {
        return "1.0";
    }
}
