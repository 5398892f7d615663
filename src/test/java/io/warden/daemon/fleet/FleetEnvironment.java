package io.warden.daemon.fleet;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link FleetClusters} and one {@link NotificationSink} for a test class
 * ({@code @RegisterExtension static FleetEnvironment env = new FleetEnvironment()}); after each
 * test every lagging group catches up and the sink forgets, so the next test starts with no alert.
 */
final class FleetEnvironment implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    private FleetClusters clusters;
    private NotificationSink sink;
    private boolean stdoutKept;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Instant t = Clock.systemUTC().instant();
        PrintStream stdout = System.out;
        clusters = FleetClusters.start();
        stdoutKept = System.out == stdout;
        sink = NotificationSink.start();
        System.out.printf("fleet clusters (4 watched + home) started in %d ms%n", Duration.between(t, Clock.systemUTC().instant()).toMillis());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        clusters.catchUpAll();
        sink.clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sink != null) {
            sink.close();
        }
        if (clusters != null) {
            clusters.close();
        }
    }

    FleetClusters clusters() {
        return clusters;
    }

    NotificationSink sink() {
        return sink;
    }

    /** Whether {@code System.out} was the same stream after the clusters started as before. */
    boolean stdoutKept() {
        return stdoutKept;
    }
}
