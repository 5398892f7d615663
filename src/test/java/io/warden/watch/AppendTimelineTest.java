package io.warden.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AppendTimelineTest {

    @Test
    void exactTimeBeatsALogEndAtTheSameOffset() {
        AppendTimeline t = new AppendTimeline();
        t.addLogEnd(500, 40_000);   // at 40 s message 500 did not exist yet
        t.addExact(500, 50_000);    // it was appended at 50 s
        t.addLogEnd(1_000, 100_000);

        // message 600 lies a fifth of the way from (500, 50 s) to (1000, 100 s): 60 s
        assertThat(t.ageOf(600, 100_000).seconds()).isCloseTo(40.0, within(1e-9));
    }

    @Test
    void nothingAboveTheOffsetMeansUnknown() {
        AppendTimeline t = new AppendTimeline();
        t.addLogEnd(100, 1_000);

        assertThat(t.ageOf(100, 5_000)).isEqualTo(AppendTimeline.Age.UNKNOWN);
        assertThat(t.ageOf(150, 5_000)).isEqualTo(AppendTimeline.Age.UNKNOWN);
    }

    @Test
    void appendTimesAfterNowNeverGiveANegativeAge() {
        AppendTimeline t = new AppendTimeline();
        t.addExact(10, 9_000); // a producer clock ahead of the collector's

        assertThat(t.ageOf(10, 5_000)).isEqualTo(AppendTimeline.Age.ZERO);
    }

    @Test
    void theSameLogEndSeenTwiceBoundsFromBothSides() {
        AppendTimeline t = new AppendTimeline();
        t.addLogEnd(100, 0);
        t.addLogEnd(100, 60_000);
        t.addLogEnd(200, 120_000);

        // older than the first sighting of 100: at least 120 s old
        assertThat(t.ageOf(50, 120_000)).isEqualTo(new AppendTimeline.Age(120.0, true));
        // after the last sighting of 100: between 60 s and 120 s
        assertThat(t.ageOf(150, 120_000).seconds()).isCloseTo(30.0, within(1e-9));
    }
}
