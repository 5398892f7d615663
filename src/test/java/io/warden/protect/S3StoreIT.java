package io.warden.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.warden.embedded.S3Proxy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Given a real S3 server, when a segment is written in parts and one part fails, or the server
 * answers with the ETag of other bytes, then no object appears and no upload is left open: a
 * segment is there whole, checked, or not at all.
 */
class S3StoreIT {

    static final String BUCKET = "warden-store";
    static final int PART = S3Store.MIN_PART_BYTES;

    @TempDir
    static Path tmp;
    static S3Proxy s3;
    static byte[] data = new byte[2 * PART + 12345];

    @BeforeAll
    static void start() throws Exception {
        s3 = S3Proxy.start(tmp);
        s3.createBucket(BUCKET);
        new Random(3).nextBytes(data);
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void aSegmentLargerThanAPartIsWrittenInPartsAndReadBackWhole() throws Exception {
        try (S3Store store = store("whole", request -> false, false)) {
            store.write("t/0/00000000000000000000.seg", data, data.length);
            ByteBuffer back = store.read("t/0/00000000000000000000.seg", null);
            assertThat(Arrays.copyOf(back.array(), back.limit())).isEqualTo(data);
            assertThat(store.size("t/0/00000000000000000000.seg")).hasValue(data.length);
            assertThat(store.list("t/0")).containsExactly("t/0/00000000000000000000.seg");
        }
        assertThat(s3.client().headObject(b -> b.bucket(BUCKET).key("whole/t/0/00000000000000000000.seg")).eTag()).endsWith("-3\"");
    }

    @Test
    void aFailedPartAbortsTheUploadAndLeavesNoObject() {
        try (S3Store store = store("failed", request -> request instanceof UploadPartRequest p && p.partNumber() == 2, false)) {
            assertThatThrownBy(() -> store.write("t/0/00000000000000000000.seg", data, data.length))
                    .hasMessageContaining("writing t/0/00000000000000000000.seg");
        }
        assertThat(s3.client().listMultipartUploads(b -> b.bucket(BUCKET).prefix("failed/")).uploads()).isEmpty();
        assertThatThrownBy(() -> s3.client().headObject(b -> b.bucket(BUCKET).key("failed/t/0/00000000000000000000.seg")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void anETagOfOtherBytesIsAFailedWrite() {
        try (S3Store store = store("etag", request -> false, true)) {
            byte[] small = Arrays.copyOf(data, 1000);
            assertThatThrownBy(() -> store.write("t/0/00000000000000000000.seg", small, small.length)).isInstanceOf(IOException.class)
                    .hasMessageContaining("the server stored other bytes than were sent");
        }
    }

    /** A store on the proxy whose client fails the requests {@code failing} names, or answers PUTs with another ETag. */
    private static S3Store store(String prefix, Predicate<SdkRequest> failing, boolean otherETag) {
        S3Store.Settings settings = new S3Store.Settings(s3.endpoint(), "us-east-1", true, PART);
        S3Client client = S3Store.builder(settings,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Proxy.ACCESS_KEY, s3.secretKey())))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        if (failing.test(context.request())) {
                            throw SdkClientException.create("injected failure");
                        }
                    }

                    @Override
                    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                        if (otherETag && context.response() instanceof PutObjectResponse r) {
                            return r.toBuilder().eTag("\"0123456789abcdef0123456789abcdef\"").build();
                        }
                        return context.response();
                    }
                }))
                .build();
        return new S3Store(new S3Location(BUCKET, prefix), settings, client, () -> { });
    }
}
