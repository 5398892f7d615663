package io.warden.comply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostNamesTest {

    private static CertificateInfo cert(String subject, String... sans) {
        return new CertificateInfo(subject, "CN=ca", List.of(sans), Instant.EPOCH, Instant.EPOCH.plusSeconds(1));
    }

    @Test
    void namesMatchDnsEntriesAndAWildcardCoversOneLabelOnly() {
        var c = cert("CN=ignored", "DNS:kafka-1.example.com", "DNS:*.kafka.example.com", "IP:10.0.0.1");
        assertThat(HostNames.matches("kafka-1.example.com", c)).isTrue();
        assertThat(HostNames.matches("KAFKA-1.Example.com.", c)).isTrue();
        assertThat(HostNames.matches("b2.kafka.example.com", c)).isTrue();
        assertThat(HostNames.matches("a.b2.kafka.example.com", c)).isFalse();
        assertThat(HostNames.matches("kafka.example.com", c)).isFalse();
        assertThat(HostNames.matches("kafka-2.example.com", c)).isFalse();
        assertThat(HostNames.matches("ignored", c)).isFalse();
    }

    @Test
    void addressesMatchOnlyIpEntries() {
        var c = cert("CN=10.0.0.2", "DNS:10.0.0.3", "IP:10.0.0.1", "IP:0:0:0:0:0:0:0:1");
        assertThat(HostNames.matches("10.0.0.1", c)).isTrue();
        assertThat(HostNames.matches("::1", c)).isTrue();
        assertThat(HostNames.matches("[::1]", c)).isTrue();
        assertThat(HostNames.matches("10.0.0.2", c)).isFalse();
        assertThat(HostNames.matches("10.0.0.3", c)).isFalse();
    }

    @Test
    void theCommonNameCountsOnlyWithoutDnsEntries() {
        assertThat(HostNames.matches("broker", cert("CN=broker,O=x"))).isTrue();
        assertThat(HostNames.matches("broker", cert("CN=broker", "DNS:other"))).isFalse();
        assertThat(HostNames.matches("x.com", cert("CN=*.com"))).isFalse();
    }
}
