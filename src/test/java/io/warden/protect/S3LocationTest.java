package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.WardenException;
import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void aLocationIsABucketAndAPrefixOfPlainNames() {
        assertThat(S3Location.parse("s3://backups/kafka/orders-2026/")).isEqualTo(new S3Location("backups", "kafka/orders-2026"));
        assertThat(S3Location.parse("S3://my.bucket-1/x").toString()).isEqualTo("s3://my.bucket-1/x");
        assertThat(S3Location.isS3("s3:/typo")).isTrue();
        assertThat(S3Location.isS3("/backups/s3:x")).isFalse();
    }

    @Test
    void aMalformedLocationIsAUsageErrorThatSaysWhatToWrite() {
        refused("s3:/backups/x", "is not an s3:// location");
        refused("s3://", "names no bucket");
        refused("s3:///x", "names no bucket");
        refused("s3://backups", "names no prefix");
        refused("s3://backups/", "names no prefix");
        refused("s3://Backups/x", "is not a bucket name");
        refused("s3://ab/x", "is not a bucket name");
        refused("s3://a..b/x", "is not a bucket name");
        refused("s3://backups/a//b", "names between single slashes");
        refused("s3://backups/a/../b", "without '.', '..'");
        refused("s3://backups/a?versionId=1", "'?'");
        refused("s3://backups/a\nb", "control characters");
        assertThatThrownBy(() -> S3Location.parse("s3://AKIAEXAMPLE:s3cr3t@backups/x")).hasMessageContaining("holds no credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE"));
    }

    @Test
    void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> S3Store.Settings.of("http://AKIAEXAMPLE:s3cr3t@minio:9000", null, true, S3Store.PART_BYTES))
                .hasMessageContaining("--s3-endpoint holds no credentials")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE"));
        assertThatThrownBy(() -> S3Store.Settings.of("minio:9000", null, true, S3Store.PART_BYTES))
                .hasMessageContaining("is not an http:// or https:// URL");
        assertThatThrownBy(() -> S3Store.Settings.of("http://minio:9000", null, true, 1 << 20))
                .hasMessageContaining("at least 5242880 bytes");
    }

    private static void refused(String location, String message) {
        assertThatThrownBy(() -> S3Location.parse(location)).isInstanceOf(WardenException.class)
                .hasMessageContaining(message).hasMessageContaining("s3://BUCKET/PREFIX")
                .satisfies(e -> assertThat(((WardenException) e).exitCode()).isEqualTo(WardenException.USAGE))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
}
