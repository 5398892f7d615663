package io.warden.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Everything logged while it is open, Warden's loggers at DEBUG so that stack traces are included. */
final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root;
    private final Logger warden;
    private final Level previous;

    LogCapture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        warden = context.getLogger("io.warden");
        previous = warden.getLevel();
        warden.setLevel(Level.DEBUG);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
    }

    List<ILoggingEvent> events() {
        synchronized (appender) { // AppenderBase appends while holding the appender's lock
            return List.copyOf(appender.list);
        }
    }

    /** Level, message and stack trace of every event, one after the other. */
    String text() {
        StringBuilder out = new StringBuilder();
        for (ILoggingEvent e : events()) {
            out.append(e.getLevel()).append(' ').append(e.getFormattedMessage()).append('\n');
            if (e.getThrowableProxy() != null) {
                out.append(ThrowableProxyUtil.asString(e.getThrowableProxy())).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        warden.setLevel(previous);
    }
}
