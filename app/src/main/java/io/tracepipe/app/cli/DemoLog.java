package io.tracepipe.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's logs go to a file, so that its console is for the person watching: the broker's and
 * Kafka's chatter and the topology dump land in the file; errors from anything and warnings from
 * tracepipe itself still show on the console. Closing puts the console back as it was.
 */
final class DemoLog implements AutoCloseable {
    private static final String OWN_LOGGERS = "io.tracepipe";

    private final ch.qos.logback.classic.Logger root;
    private final FileAppender<ILoggingEvent> file;
    private final List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
    private final Filter<ILoggingEvent> onlyProblems = new Filter<>() {
        @Override
        public FilterReply decide(ILoggingEvent event) {
            boolean problem = event.getLevel().isGreaterOrEqual(Level.ERROR)
                    || event.getLevel().isGreaterOrEqual(Level.WARN) && event.getLoggerName().startsWith(OWN_LOGGERS);
            return problem ? FilterReply.NEUTRAL : FilterReply.DENY;
        }
    };

    private DemoLog(LoggerContext context, Path path) {
        this.root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        this.file = new FileAppender<>();
        file.setContext(context);
        file.setName("demo-file");
        file.setFile(path.toString());
        file.setEncoder(encoder);
        file.start();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext();) {
            Appender<ILoggingEvent> appender = it.next();
            if (appender instanceof ConsoleAppender) {
                appender.addFilter(onlyProblems);
                consoles.add(appender);
            }
        }
        root.addAppender(file);
    }

    /** Sends the logs to {@code path} from now on; only problems still reach the console. */
    static DemoLog toFile(Path path) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("the demo needs logback to route its logs");
        }
        return new DemoLog(context, path);
    }

    @Override
    public void close() {
        root.detachAppender(file);
        file.stop();
        for (Appender<ILoggingEvent> console : consoles) {
            console.clearAllFilters();
        }
    }
}
