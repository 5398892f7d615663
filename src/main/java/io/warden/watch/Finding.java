package io.warden.watch;

import java.util.Map;

/**
 * Something a check found in the cluster.
 *
 * @param key      stable identity across cycles, e.g. {@code broker-down/broker=2}; the same
 *                 problem keeps the same key so alerts can deduplicate and resolve it
 * @param check    name of the check that produced it, e.g. {@code broker-down}
 * @param severity how bad it is
 * @param value    the measured number the severity was judged on (lag, count, percent, ...)
 * @param message  one line for a human: what is wrong and where
 * @param labels   what it is about (broker, topic, partition, group), for metrics and routing
 * @param evidence the numbers behind it, e.g. top lagging partitions; values are JSON-friendly
 */
public record Finding(String key, String check, Severity severity, double value, String message,
                      Map<String, String> labels, Map<String, Object> evidence) {

    public Finding {
        labels = Map.copyOf(labels);
        evidence = Map.copyOf(evidence);
    }
}
