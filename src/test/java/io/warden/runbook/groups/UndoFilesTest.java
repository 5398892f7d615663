package io.warden.runbook.groups;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UndoFilesTest {

    @Test
    void aGroupNameBecomesAPlainFileNameHereNeverAPathElsewhere() {
        assertThat(UndoFiles.fileName("billing-v2.eu_1")).isEqualTo("billing-v2.eu_1");
        assertThat(UndoFiles.fileName("../../etc/cron.d/x")).isEqualTo("_._.._etc_cron.d_x");
        assertThat(UndoFiles.fileName(".hidden")).isEqualTo("_hidden");
        assertThat(UndoFiles.fileName("a/b\u001b[2J")).isEqualTo("a_b__2J");
    }
}
