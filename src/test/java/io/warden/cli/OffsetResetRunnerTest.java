package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OffsetResetRunnerTest {

    @Test
    void aGroupNameBecomesAPlainFileNameHereNeverAPathElsewhere() {
        assertThat(OffsetResetRunner.fileName("billing-v2.eu_1")).isEqualTo("billing-v2.eu_1");
        assertThat(OffsetResetRunner.fileName("../../etc/cron.d/x")).isEqualTo("_._.._etc_cron.d_x");
        assertThat(OffsetResetRunner.fileName(".hidden")).isEqualTo("_hidden");
        assertThat(OffsetResetRunner.fileName("a/b\u001b[2J")).isEqualTo("a_b__2J");
    }
}
