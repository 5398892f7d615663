package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArchiveWarmupTest {

    /** The launcher makes the class-data archive with it on a machine that may have no Kafka at all. */
    @Test
    void loadsTheClientsWithoutAnyKafkaAndReturnsQuickly() throws Exception {
        long start = System.nanoTime();
        ArchiveWarmup.main(new String[0]);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
}
