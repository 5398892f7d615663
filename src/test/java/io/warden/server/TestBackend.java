package io.warden.server;

import io.warden.alert.Alert;
import io.warden.alert.Silence;
import io.warden.alert.SilenceStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An {@link ApiBackend} with alerts and findings set by the test and silences in a real store. */
final class TestBackend implements ApiBackend {

    final List<Alert> alerts = new CopyOnWriteArrayList<>();
    final List<ClusterFinding> findings = new CopyOnWriteArrayList<>();
    final SilenceStore store;

    TestBackend(Path dir, Clock clock) {
        store = new SilenceStore(dir.resolve("silences.json"), clock);
    }

    @Override
    public List<Alert> alerts() {
        return List.copyOf(alerts);
    }

    @Override
    public List<ClusterFinding> findings() {
        return List.copyOf(findings);
    }

    @Override
    public List<Silence> silences() {
        return store.active();
    }

    @Override
    public Silence addSilence(Map<String, String> matchers, Duration duration, String createdBy, String comment) {
        return store.add(matchers, duration, createdBy, comment);
    }

    @Override
    public boolean expireSilence(String id) {
        return store.expire(id);
    }
}
