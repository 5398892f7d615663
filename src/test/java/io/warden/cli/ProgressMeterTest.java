package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        long millis = 1_000_000;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void aLogGetsALineEveryPeriodWithRecordsBytesRateAndTimeLeft() {
        HandClock clock = new HandClock();
        StringWriter text = new StringWriter();
        ProgressMeter meter = new ProgressMeter("backup", new PrintWriter(text), clock, false, Duration.ofSeconds(10));
        meter.addTotal(1_000_000);
        meter.add(100_000, 100L << 20);
        assertThat(text.toString()).as("nothing before the period").isEmpty();
        clock.millis += 10_000;
        meter.add(150_000, 150L << 20);
        assertThat(text.toString()).isEqualTo(
                "backup 25% 250,000/1,000,000 records, 250.0 MiB written, 26.2 MB/s, 25,000 records/s, 0:30 left" + System.lineSeparator());
        clock.millis += 1_000;
        meter.add(750_000, 750L << 20);
        meter.finish();
        assertThat(text.toString().lines().toList()).hasSize(2).last().asString()
                .startsWith("backup 100% 1,000,000/1,000,000 records, 1000.0 MiB").doesNotContain("left");
    }

    @Test
    void aTerminalGetsOneBarRedrawnInPlaceAndEndedWithANewline() {
        HandClock clock = new HandClock();
        StringWriter text = new StringWriter();
        ProgressMeter meter = new ProgressMeter("restore", new PrintWriter(text), clock, true, Duration.ofSeconds(10));
        clock.millis += 500;
        meter.at(50, 200, 0);
        clock.millis += 500;
        meter.at(200, 200, 0);
        meter.finish();
        String out = text.toString();
        assertThat(out).startsWith("\rrestore [######------------------] 25% 50/200 records, 100 records/s, 0:01 left\033[K")
                .contains("\rrestore [########################] 100% 200/200 records").endsWith(System.lineSeparator())
                .doesNotContain("MiB");
        assertThat(out.chars().filter(c -> c == '\n').count()).as("one line, redrawn with carriage returns").isEqualTo(1);
    }

    @Test
    void aCompleteJobEndsAtItsRecordsWhenTheTotalWasAnUpperBound() {
        HandClock clock = new HandClock();
        StringWriter text = new StringWriter();
        ProgressMeter meter = new ProgressMeter("backup", new PrintWriter(text), clock, false, Duration.ofSeconds(10));
        meter.addTotal(55); // offsets, of which compaction removed 3
        clock.millis += 1_000;
        meter.add(52, 0);
        meter.finish(true);
        assertThat(text.toString()).startsWith("backup 100% 52/52 records");
    }

    @Test
    void withoutATotalItCountsRecordsOnly() {
        HandClock clock = new HandClock();
        StringWriter text = new StringWriter();
        ProgressMeter meter = new ProgressMeter("backup", new PrintWriter(text), clock, false, Duration.ofSeconds(10));
        clock.millis += 2_000;
        meter.add(10, 2048);
        meter.finish();
        assertThat(text.toString()).startsWith("backup 10 records, 0.0 MiB written, 0.0 MB/s, 5 records/s").doesNotContain("%");
    }
}
