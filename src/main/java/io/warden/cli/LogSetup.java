package io.warden.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.warden.kafka.RecordText;
import java.time.Instant;

/**
 * Logging for every Warden process, set up in code (found by Logback through ServiceLoader): one
 * line per event on stderr, so stdout carries only command output. Warden logs at INFO
 * ({@code -Dwarden.log.level=DEBUG} or {@code --verbose} for more); Kafka's clients and brokers,
 * which log every setting at INFO, only at ERROR ({@code -Dwarden.kafka.log.level}).
 * Code rather than logback.xml because parsing the XML is a measurable part of a CLI's start.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        var stderr = new ConsoleAppender<ILoggingEvent>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context));
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.warden").setLevel(Level.toLevel(System.getProperty("warden.log.level"), Level.INFO));
        Level kafka = Level.toLevel(System.getProperty("warden.kafka.log.level"), Level.ERROR);
        context.getLogger("org.apache.kafka").setLevel(kafka);
        context.getLogger("kafka").setLevel(kafka);
        if (System.getProperty("warden.kafka.log.level") == null) {
            // it logs each refused login; Warden says the same in one line that names the setting to fix
            context.getLogger("org.apache.kafka.clients.NetworkClient").setLevel(Level.OFF);
        }
        context.getLogger("state.change.logger").setLevel(Level.OFF);
        // only an in-process broker (the demo's) logs here: an idempotent producer's batches retried across a
        // leader change, refused as out of order and resent by the producer itself; nothing for an operator
        context.getLogger("kafka.server.ReplicaManager").setLevel(Level.OFF);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Applies the config's {@code logging:} section once it is loaded: Warden's level, and a log
     * file rotated by size beside stderr. The command line's --verbose still wins for the level.
     */
    public static void apply(io.warden.config.WardenConfig.LoggingConfig logging) {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        if (System.getProperty("warden.log.level") == null) {
            context.getLogger("io.warden").setLevel(Level.toLevel(logging.level(), Level.INFO));
        }
        if (logging.file() == null) {
            return;
        }
        var file = new ch.qos.logback.core.rolling.RollingFileAppender<ILoggingEvent>();
        file.setContext(context);
        file.setName("file");
        file.setFile(logging.file());
        var rolling = new ch.qos.logback.core.rolling.FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(file);
        rolling.setFileNamePattern(logging.file() + ".%i");
        rolling.setMinIndex(1);
        rolling.setMaxIndex(Math.max(1, logging.keep()));
        rolling.start();
        var trigger = new ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy<ILoggingEvent>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new ch.qos.logback.core.util.FileSize(logging.maxBytes()));
        // Warden logs a few lines a cycle: checking the size on every line costs nothing and keeps the bound
        trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
        trigger.start();
        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder(context));
        file.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(file);
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context) {
        var layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        var encoder = new LayoutWrappingEncoder<ILoggingEvent>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    /** {@code 2026-01-31T12:00:00.123Z level=INFO logger=Monitor cluster=prod event=... key=value}. */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            String logger = event.getLoggerName();
            StringBuilder line = new StringBuilder(128)
                    .append(Instant.ofEpochMilli(event.getTimeStamp()))
                    .append(" level=").append(event.getLevel())
                    .append(" logger=").append(logger.substring(logger.lastIndexOf('.') + 1));
            String cluster = event.getMDCPropertyMap().get("cluster");
            if (cluster != null) {
                line.append(" cluster=").append(RecordText.escape(cluster));
            }
            // names in a message come from the cluster: one event stays one line, without escape sequences
            line.append(' ').append(RecordText.escape(event.getFormattedMessage()))
                    .append(CoreConstants.LINE_SEPARATOR);
            if (event.getThrowableProxy() != null) {
                line.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append(CoreConstants.LINE_SEPARATOR);
            }
            return line.toString();
        }
    }
}
