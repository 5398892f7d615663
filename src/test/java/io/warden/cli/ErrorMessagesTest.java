package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.WardenException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.NotControllerException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

/** A Kafka error that reaches the command line is named for the operator, never "unexpected error" with exit 70. */
class ErrorMessagesTest {

    @Test
    void kafkaErrorsBecomeExitCodesThatSayWhatKindOfTroubleItIs() {
        assertThat(ErrorMessages.explain(new TimeoutException("Timed out waiting for a node assignment")).exitCode()).isEqualTo(69);
        assertThat(ErrorMessages.explain(new CompletionException(new NotControllerException("moved"))).exitCode()).isEqualTo(69);
        assertThat(ErrorMessages.explain(new SaslAuthenticationException("bad password")).exitCode()).isEqualTo(69);
        assertThat(ErrorMessages.explain(new TopicAuthorizationException("no READ")).getMessage()).contains("ACL");
        assertThat(ErrorMessages.explain(new GroupIdNotFoundException("group x")).exitCode()).isEqualTo(64);
        assertThat(ErrorMessages.explain(new InvalidReplicationFactorException("RF 3 > 1 broker")).exitCode()).isEqualTo(65);
        assertThat(ErrorMessages.explain(new IllegalStateException("wrap", new NoSuchFileException("/x/y"))).getMessage())
                .isEqualTo("no such file: /x/y");
    }

    @Test
    void wardensOwnErrorPassesAsItIsAndADefectStaysADefect() {
        WardenException own = new WardenException(78, "bad config");
        assertThat(ErrorMessages.explain(new RuntimeException(own))).isSameAs(own);
        assertThat(ErrorMessages.explain(new NullPointerException("x"))).isNull();
    }
}
