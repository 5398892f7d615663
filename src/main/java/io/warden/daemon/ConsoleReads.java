package io.warden.daemon;

import io.warden.WardenException;
import io.warden.runbook.dlq.DlqInspection;
import io.warden.runbook.dlq.InspectService;
import io.warden.runbook.groups.DiagnoseService;
import io.warden.runbook.groups.LagDiagnosis;
import io.warden.server.DlqDetail;
import io.warden.server.GroupDiagnosis;
import io.warden.watch.CheckSettings;
import io.warden.watch.CycleResult;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the console reads from a watched cluster when one of its pages asks, with the runbooks' own
 * code: a DLQ's newest records as {@code warden dlq inspect} groups them, and a group's lag
 * diagnosis as {@code warden diagnose lag} makes it. Only a DLQ or a group the cluster's latest cycle
 * found is read, whatever name is asked for. Bounded: at most {@link #MAX_RECORDS} records, a sample of
 * {@link #SAMPLE}, the watch's timeout on each call to Kafka.
 */
final class ConsoleReads {

    /** Records read from a DLQ at most: its newest, an equal share of each partition. */
    static final long MAX_RECORDS = 1000;
    /** Error classes shown at most, the most frequent. */
    static final int MAX_CLASSES = 20;
    /** How long a diagnosis watches the group, as {@code warden diagnose lag} does by default. */
    static final Duration SAMPLE = Duration.ofSeconds(5);

    private final CheckSettings checks;
    private final Clock clock;
    private final CountDownLatch closed = new CountDownLatch(1);

    ConsoleReads(CheckSettings checks, Clock clock) {
        this.checks = checks;
        this.clock = clock;
    }

    /** A DLQ's newest records, or null when {@code topic} is not a DLQ the watch's latest cycle saw. */
    DlqDetail dlq(ClusterWatch watch, String topic) {
        CycleResult cycle = watch.metrics().latest().orElse(null);
        if (cycle == null || !checks.isDlq(topic) || cycle.history().latest().topic(topic).isEmpty()) {
            return null;
        }
        DlqInspection read = new InspectService(watch.connection(), clock)
                .inspect(topic, new InspectService.Options(0, null, MAX_RECORDS, 200, true));
        return new DlqDetail(watch.name(), topic, read.takenAt(), read.depth(), read.recordsRead(), read.capped(),
                read.oldest(), read.newest(), read.errors().stream().limit(MAX_CLASSES)
                .map(e -> new DlqDetail.ErrorClass(e.error(), e.source(), e.count(), e.lastSeen(), e.exampleMessage()))
                .toList(), Math.max(0, read.errors().size() - MAX_CLASSES));
    }

    /** The group's lag diagnosis, or null when the watch's latest cycle did not see {@code group}. */
    GroupDiagnosis diagnose(ClusterWatch watch, String group) {
        CycleResult cycle = watch.metrics().latest().orElse(null);
        if (cycle == null || cycle.lags().stream().noneMatch(g -> g.group().equals(group))) {
            return null;
        }
        LagDiagnosis d = new DiagnoseService(watch.probe(), this::pause)
                .diagnoseLag(group, SAMPLE, checks.lagWarning(), checks.lagCritical());
        return new GroupDiagnosis(watch.name(), d.group(), clock.instant(), d.severity().name(), d.totalLag(), d.steps(),
                d.recommendations());
    }

    /** Waits out the sample, or less when the daemon stops: a diagnosis never holds up its shutdown. */
    private void pause(Duration sample) throws InterruptedException {
        if (closed.await(sample.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new WardenException(WardenException.UNAVAILABLE, "the daemon is stopping");
        }
    }

    void close() {
        closed.countDown();
    }
}
