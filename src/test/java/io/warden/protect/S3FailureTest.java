package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;

import io.warden.WardenException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FailureTest {

    static final S3Location AT = new S3Location("backups", "kafka/orders");
    static final S3Store.Settings MINIO = S3Store.Settings.of("http://minio.internal:9000", null, false, S3Store.PART_BYTES);

    @Test
    void eachAnswerOfTheStorageBecomesItsExitCodeAndWhatToDo() {
        assertThat(failure(refusal(403, "AccessDenied", "secret-looking text"))).satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
            assertThat(e.getMessage()).contains("access denied writing orders/0/x.seg (AccessDenied)").contains("s3:PutObject")
                    .doesNotContain("secret-looking text");
        });
        assertThat(failure(refusal(403, "SignatureDoesNotMatch", "StringToSign"))).satisfies(e -> {
            assertThat(e.exitCode()).isEqualTo(WardenException.CONFIG);
            assertThat(e.getMessage()).contains("does not accept the credentials").contains("AWS_SECRET_ACCESS_KEY")
                    .doesNotContain("StringToSign");
        });
        assertThat(failure(refusal(404, "NoSuchBucket", "")).exitCode()).isEqualTo(WardenException.NO_INPUT);
        assertThat(failure(refusal(301, "PermanentRedirect", "")).getMessage()).contains("--s3-region");
        WardenException busy = failure(refusal(503, "SlowDown", ""));
        assertThat(busy.exitCode()).isEqualTo(WardenException.UNAVAILABLE);
        assertThat(busy.getMessage()).contains("HTTP 503 SlowDown");
    }

    @Test
    void anEndpointThatDoesNotAnswerIsUnreachableWithAHintForPathStyle() {
        WardenException refused = failure(SdkClientException.create("Unable to execute HTTP request",
                new ConnectException("Connection refused")));
        assertThat(refused.exitCode()).isEqualTo(WardenException.UNAVAILABLE);
        assertThat(refused.getMessage()).contains("http://minio.internal:9000").contains("Connection refused").contains("--s3-endpoint");
        WardenException unknown = failure(SdkClientException.create("x", new UnknownHostException("backups.minio.internal")));
        assertThat(unknown.getMessage()).contains("unknown host backups.minio.internal").contains("--s3-path-style");
        assertThat(S3Failure.of(AT, new S3Store.Settings(URI.create("http://h:1"), null, true, S3Store.PART_BYTES), "x",
                SdkClientException.create("x", new UnknownHostException("h"))).getMessage()).doesNotContain("--s3-path-style");
    }

    private static WardenException failure(SdkException e) {
        return S3Failure.of(AT, MINIO, "writing orders/0/x.seg", e);
    }

    private static S3Exception refusal(int status, String code, String message) {
        return (S3Exception) S3Exception.builder().statusCode(status).message(message)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build();
    }
}
