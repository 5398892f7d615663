package io.warden.heal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Names chosen by clients of the cluster against the shapes a command's placeholders accept. */
class PlaceholderValuesTest {

    /** What an attacker who can name a topic, group or connector would try. */
    private static final List<String> HOSTILE = List.of("-oProxyCommand=touch /tmp/x", "--help", "-", "a b", "a\tb", "a\nb",
            "a\rb", "a\"b", "a'b", "$(id)", "${HOME}", "`id`", "a;b", "a|b", "a&b", "a>b", "a<b", "a\\b", "a*", "~root",
            "a\u0000b", "a\u202eb", "caf\u00e9", "", ".", "..");

    @Test
    void everyHostileValueIsRefusedForEveryKindOfPlaceholder() {
        for (String name : List.of("group", "connector", "topic", "cluster", "team", "broker.host", "broker.id", "broker",
                "broker.port", "task", "worker", "dir")) {
            for (String value : HOSTILE) {
                assertThat(PlaceholderValues.problem(name, value)).as("{%s} = %s", name, PlaceholderValues.quoted(value))
                        .isNotNull().startsWith("{" + name + "} is " + PlaceholderValues.quoted(value) + ", which is not");
            }
        }
    }

    @Test
    void ordinaryNamesFit() {
        List<List<String>> fitting = List.of(List.of("topic", "orders.v2_EU-1"), List.of("topic", "__consumer_offsets"),
                List.of("topic", "x".repeat(249)), List.of("group", "payments-consumer"), List.of("group", "_confluent-ksql-q1"),
                List.of("connector", "jdbc-sink.orders"), List.of("cluster", "prod-eu"), List.of("broker.id", "3"),
                List.of("broker.port", "9092"), List.of("broker.host", "kafka-1.prod.example.com"),
                List.of("broker.host", "10.0.0.5"), List.of("broker.host", "::1"), List.of("broker.host", "fe80::1:2"),
                List.of("worker", "connect-1.example.com:8083"), List.of("worker", "[::1]:8083"),
                List.of("dir", "/var/lib/kafka/data-1"));
        for (List<String> f : fitting) {
            assertThat(PlaceholderValues.problem(f.get(0), f.get(1))).as("{%s} = %s", f.get(0), f.get(1)).isNull();
        }
    }

    @Test
    void eachKindKeepsItsOwnShape() {
        assertThat(PlaceholderValues.problem("topic", "x".repeat(250))).contains("not a Kafka topic name");
        assertThat(PlaceholderValues.problem("broker.id", "2a")).contains("not a number");
        assertThat(PlaceholderValues.problem("broker.host", "kafka_1")).contains("not a host name or IP address");
        assertThat(PlaceholderValues.problem("broker.host", "-kafka1")).isNotNull();
        assertThat(PlaceholderValues.problem("worker", "connect-1")).contains("not a host:port");
        assertThat(PlaceholderValues.problem("dir", "data")).contains("not an absolute path");
        assertThat(PlaceholderValues.problem("dir", "/var/lib/../../etc")).isNotNull();
        assertThat(PlaceholderValues.problem("group", "billing@eu")).contains("letters, digits, '.', '_' and '-'");
    }

    @Test
    void aRefusedValueIsShownEscapedOnOneLineAndCutShort() {
        assertThat(PlaceholderValues.quoted("a\"b\\c\nd\u001b[2J\u202e")).isEqualTo("\"a\\\"b\\\\c\\nd\\u001b[2J\\u202e\"");
        assertThat(PlaceholderValues.quoted("y".repeat(500))).isEqualTo("\"" + "y".repeat(120) + "\" (380 more characters)");
    }
}
