package io.warden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.warden.config.WardenConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogSetupTest {

    final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void detach() {
        var file = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("file");
        if (file != null) {
            file.stop();
            context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(file);
        }
        context.getLogger("io.warden").setLevel(ch.qos.logback.classic.Level.INFO);
    }

    @Test
    void theConfigSetsTheLevelAndARotatedLogFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("warden.log");
        LogSetup.apply(new WardenConfig.LoggingConfig("DEBUG", log.toString(), 2_048L, 2));
        var logger = LoggerFactory.getLogger("io.warden.test");

        logger.debug("event=debug-visible n=0");
        for (int i = 0; i < 200; i++) {
            logger.info("event=filler n={} padding=................................................", i);
        }

        assertThat(Files.exists(log)).isTrue();
        assertThat(Files.exists(dir.resolve("warden.log.1"))).as("rotated").isTrue();
        assertThat(Files.exists(dir.resolve("warden.log.3"))).as("only 2 kept").isFalse();
        assertThat(Files.readString(log)).contains("level=INFO logger=test event=filler n=199");
        assertThat(Files.size(log)).isLessThan(4_096);
    }
}
