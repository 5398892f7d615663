package io.warden.daemon.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The config of one Warden instance of a test fleet, written to {@code DIR/warden.yaml}: every
 * cluster of {@link FleetClusters} watched each {@link #INTERVAL}; one alert rule, consumer lag
 * above {@value #LAG_WARNING} fires at once; notifications POSTed to the sink under the instance's
 * name; one playbook whose command fails and appends {@code INSTANCE CLUSTER GROUP} to the heal-runs
 * file, then backs off for {@link #BACKOFF}, so it is still in backoff when another instance takes over;
 * with an HA group, the {@code ha:} section that makes the instances one fleet.
 *
 * @param instance the instance's name: its notifier's path, its line in the heal-runs file, {@code ha.instance}
 * @param dir      its own files (config, audit trail, silences, heal state), as on a host of its own
 */
record FleetMember(String instance, Path dir) {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    static final Duration BACKOFF = Duration.ofMinutes(10);
    static final int LAG_WARNING = 100;

    /**
     * Writes the config and returns its path.
     *
     * @param watched  bootstrap servers by cluster name
     * @param home     the home cluster's bootstrap servers
     * @param pager    the URL the webhook notifier posts to
     * @param healRuns the file the heal command appends a line to at each run
     * @param haGroup  the fleet's {@code ha.group}, or null for an instance that watches every cluster alone
     */
    Path writeConfig(Map<String, String> watched, String home, String pager, Path healRuns, String haGroup) throws IOException {
        Files.createDirectories(dir.resolve("heal"));
        String clusters = watched.entrySet().stream()
                .map(c -> "  - {name: " + c.getKey() + ", bootstrap-servers: \"" + c.getValue() + "\"}")
                .collect(Collectors.joining("\n"));
        String yaml = """
                clusters:
                %s
                watch: {interval: %ds, timeout: 3s, window: 30s, shutdown-timeout: 5s}
                checks: {lag: {warning: %d, critical: 1000000}}
                alerts:
                  defaults: false
                  silences-file: %s
                  rules: [{name: lag-now, check: consumer-lag}]
                notifiers:
                  pager: {type: webhook, url: "%s", timeout: 10s}
                audit: {file: %s}
                http: {host: 127.0.0.1, port: 0}
                heal:
                  mode: "on"
                  state-dir: %s
                  grace: 0s
                  playbooks:
                    - name: drain-lag
                      check: consumer-lag
                      steps:
                        - action: command
                          command: [sh, -c, 'echo "$0 $1 $2" >> "$3"; exit 1', %s, '{cluster}', '{group}', '%s']
                          timeout: 10s
                          retry: {max-attempts: 3, delay: %ds}
                """.formatted(clusters, INTERVAL.toSeconds(), LAG_WARNING, dir.resolve("silences.json"), pager,
                dir.resolve("audit.jsonl"), dir.resolve("heal"), instance, healRuns, BACKOFF.toSeconds());
        if (haGroup != null) {
            yaml += """
                    ha:
                      group: %s
                      instance: %s
                      session-timeout: %ds
                      home: {name: home, bootstrap-servers: "%s"}
                    """.formatted(haGroup, instance, SESSION_TIMEOUT.toSeconds(), home);
        }
        return Files.writeString(dir.resolve("warden.yaml"), yaml);
    }
}
