package io.warden.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HumanizeTest {

    @Test
    void durationsUseTheTwoLargestUnits() {
        assertThat(Humanize.duration(45.4)).isEqualTo("45s");
        assertThat(Humanize.duration(200)).isEqualTo("3m 20s");
        assertThat(Humanize.duration(3_720)).isEqualTo("1h 2m");
        assertThat(Humanize.duration(90_000)).isEqualTo("1d 1h");
        assertThat(Humanize.duration(-5)).isEqualTo("0s");
    }

    @Test
    void countsBytesAndListsAreShort() {
        assertThat(Humanize.count(12_345)).isEqualTo("12,345");
        assertThat(Humanize.bytes(512)).isEqualTo("512 B");
        assertThat(Humanize.bytes(3L << 30)).isEqualTo("3.0 GiB");
        assertThat(Humanize.firstOf(List.of("a", "b", "c"), 2)).isEqualTo("a, b and 1 more");
        assertThat(Humanize.firstOf(List.of("a", "b"), 2)).isEqualTo("a, b");
    }
}
