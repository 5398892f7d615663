package io.warden.runbook.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The documented topics file example must read without problems. */
class TopicsExampleTest {

    @Test
    void theExampleTopicsFileIsValid() {
        var specs = TopicsFile.load(Path.of("deploy/topics/topics.example.yaml"));
        assertThat(specs).extracting(TopicSpec::name).containsExactly("orders", "orders.dlq", "customer-profiles", "orders-v1");
        assertThat(specs.get(3).delete()).isTrue();
    }
}
