package io.warden.server;

import io.warden.alert.Alert;
import io.warden.alert.Silence;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** An {@link ApiBackend} with no alerts, findings or silences, that refuses to make one: tests override what they read. */
interface ReadOnlyBackend extends ApiBackend {

    @Override
    default List<Alert> alerts() {
        return List.of();
    }

    @Override
    default List<ClusterFinding> findings() {
        return List.of();
    }

    @Override
    default List<Silence> silences() {
        return List.of();
    }

    @Override
    default Silence addSilence(Map<String, String> matchers, Duration duration, String createdBy, String comment) {
        throw new UnsupportedOperationException();
    }

    @Override
    default boolean expireSilence(String id) {
        return false;
    }
}
