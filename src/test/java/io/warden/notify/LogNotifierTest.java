package io.warden.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogNotifierTest {

    @Test
    void writesOneKeyValueLinePerEventWarnWhileFiringInfoOnceResolved() {
        Notification n = TestAlerts.notification(TestAlerts.resolved(TestAlerts.dlq()), TestAlerts.fired(TestAlerts.lag(7)));

        List<ILoggingEvent> lines;
        try (LogCapture logs = new LogCapture()) {
            new LogNotifier("log").send(n);
            lines = logs.events().stream().filter(e -> e.getLoggerName().equals(LogNotifier.class.getName())).toList();
        }

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(lines.get(0).getFormattedMessage())
                .startsWith("event=alert_fired cluster=prod key=\"consumer-lag/group=billing\" severity=CRITICAL rule=consumer-lag")
                .contains("for=12m", "message=\"group billing is", "topic=orders partition=0 lag=60000", "and 4 more",
                        "runbook=\"" + TestAlerts.LAG_RUNBOOK + "\"");
        assertThat(lines.get(1).getLevel()).isEqualTo(Level.INFO);
        assertThat(lines.get(1).getFormattedMessage()).startsWith("event=alert_resolved cluster=prod key=\"dlq-depth/topic=orders.dlq\"");
    }

    @Test
    void quotingKeepsEachLineSplittable() {
        assertThat(LogNotifier.quote("plain")).isEqualTo("plain");
        assertThat(LogNotifier.quote("two words")).isEqualTo("\"two words\"");
        assertThat(LogNotifier.quote("say \"hi\"\nbye")).isEqualTo("\"say \\\"hi\\\" bye\"");
    }
}
