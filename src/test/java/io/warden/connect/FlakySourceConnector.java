package io.warden.connect;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A source connector whose tasks fail while a marker file exists, like a task whose database is
 * down: they fail on start-up, and run (idle) after a restart once the file is gone. Public and
 * listed in META-INF/services so that Connect's plugin discovery finds it.
 */
public class FlakySourceConnector extends SourceConnector {

    /** Path of the file whose existence breaks the tasks. */
    public static final String MARKER = "broken.marker";
    private static final ConfigDef CONFIG = new ConfigDef()
            .define(MARKER, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "while this file exists, every task fails");

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return FlakySourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return Collections.nCopies(maxTasks, props);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public String version() {
        return "1.0";
    }
}
