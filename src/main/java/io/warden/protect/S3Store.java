package io.warden.protect;

import io.warden.WardenException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A backup in a bucket of S3 or an S3-compatible server, through the AWS SDK: each file an object
 * under the prefix. An object is written by one PUT, or in parts (a multipart upload, aborted when
 * a part fails) when larger than the part size; each request carries the MD5 of its bytes, which
 * the server checks, and the ETag it answers is compared with the MD5 as well where it is one. An
 * object appears only once its upload completed, so a backup's segment either is there whole or
 * is not there. Credentials come only from the SDK's default chain (environment, profile, instance
 * role) and are never part of a message.
 */
public final class S3Store implements BackupStore {

    /** Above this, an object is uploaded in parts; S3 takes parts of 5 MiB to 5 GiB. */
    public static final int PART_BYTES = 16 << 20;
    static final int MIN_PART_BYTES = 5 << 20;

    /**
     * How to reach the storage.
     *
     * @param endpoint  an S3-compatible server's URL, or null for AWS
     * @param region    the region, or null for the SDK's default chain (else us-east-1)
     * @param pathStyle bucket in the path instead of the host name (most S3-compatible servers need it)
     * @param partBytes size of each part of a multipart upload
     */
    public record Settings(URI endpoint, String region, boolean pathStyle, int partBytes) {

        /** From the command line's options; a malformed endpoint or part size is refused (exit 64). */
        public static Settings of(String endpoint, String region, boolean pathStyle, int partBytes) {
            URI uri = null;
            if (endpoint != null) {
                try {
                    uri = new URI(endpoint.strip());
                } catch (java.net.URISyntaxException e) {
                    uri = null;
                }
                if (endpoint.contains("@")) { // not echoed: what stands before '@' may be a key and its secret
                    throw new WardenException(WardenException.USAGE, "--s3-endpoint holds no credentials: they come from the AWS"
                            + " SDK's default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or the instance role)");
                }
                if (uri == null || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme())
                        || "https".equalsIgnoreCase(uri.getScheme())) || uri.getRawQuery() != null) {
                    throw new WardenException(WardenException.USAGE, "--s3-endpoint '" + Manifest.oneLine(endpoint) + "' is not an"
                            + " http:// or https:// URL with a host: e.g. http://minio.internal:9000");
                }
            }
            if (region != null && !region.matches("[a-z0-9-]{1,40}")) {
                throw new WardenException(WardenException.USAGE, "--s3-region '" + Manifest.oneLine(region) + "' is not a region name:"
                        + " e.g. eu-central-1");
            }
            if (partBytes < MIN_PART_BYTES) {
                throw new WardenException(WardenException.USAGE, "--s3-part-size " + partBytes + ": S3 takes parts of at least "
                        + MIN_PART_BYTES + " bytes (5 MiB)");
            }
            return new Settings(uri, region, pathStyle, partBytes);
        }
    }

    private final S3Location at;
    private final Settings settings;
    private final S3Client s3;
    private final AutoCloseable credentials;

    /** @param credentials closed with the store (the client does not close what it was given) */
    S3Store(S3Location at, Settings settings, S3Client s3, AutoCloseable credentials) {
        this.at = at;
        this.settings = settings;
        this.s3 = s3;
        this.credentials = credentials;
    }

    /**
     * Opens the bucket: refuses, each with what to do, missing credentials (exit 78), a bucket that
     * is not there (66), credentials it refuses (78) and an endpoint that does not answer (69).
     */
    static S3Store open(S3Location at, Settings settings) {
        DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials(); // here, before anything else: "no credentials" is not an unreachable bucket
        } catch (SdkException e) {
            credentials.close();
            throw new WardenException(WardenException.CONFIG, at + ": no AWS credentials: set AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a profile in ~/.aws/credentials, or run where an instance role"
                    + " applies");
        }
        S3Store store = new S3Store(at, settings, client(settings, credentials), credentials);
        try {
            // a listing, not a HEAD: its refusal has a body that says why (no such bucket, a bad key, a policy)
            store.s3.listObjectsV2(b -> b.bucket(at.bucket()).prefix(at.prefix() + "/").maxKeys(1));
        } catch (SdkException e) {
            store.close();
            throw store.failure("opening the bucket", e);
        }
        return store;
    }

    /** A client for these settings: the JDK's HTTP client, the region given or the SDK's default, path style if asked. */
    public static S3Client client(Settings settings, AwsCredentialsProvider credentials) {
        return builder(settings, credentials).build();
    }

    /** As {@link #client}, to be built (a test adds an interceptor). */
    static S3ClientBuilder builder(Settings settings, AwsCredentialsProvider credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .credentialsProvider(credentials)
                .region(Region.of(settings.region() != null ? settings.region() : defaultRegion()))
                .forcePathStyle(settings.pathStyle())
                // the MD5 of each request is sent (see write); S3-compatible servers differ in the newer checksum headers
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    private static String defaultRegion() {
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            return Region.US_EAST_1.id();
        }
    }

    @Override
    public String location() {
        return at.toString();
    }

    @Override
    public String named(String name) {
        return at + "/" + name;
    }

    @Override
    public Path localDir() {
        return null;
    }

    /** Aborts the uploads an interrupted run left unfinished under the prefix: the parts they hold cost money. */
    @Override
    public void checkWritable() {
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(b -> b.bucket(at.bucket()).prefix(at.prefix() + "/")).uploads()) {
                s3.abortMultipartUpload(b -> b.bucket(at.bucket()).key(u.key()).uploadId(u.uploadId()));
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 403 && e.statusCode() != 501) { // not allowed or not offered: the parts stay, nothing else changes
                throw failure("listing unfinished uploads", e);
            }
        } catch (SdkException e) {
            throw failure("listing unfinished uploads", e);
        }
    }

    @Override
    public OptionalLong size(String name) throws IOException {
        String key = key(name);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(at.bucket()).key(key));
            return OptionalLong.of(head.contentLength());
        } catch (NoSuchKeyException e) {
            return OptionalLong.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return OptionalLong.empty();
            }
            throw failure("reading " + name, e);
        } catch (SdkException e) {
            throw failure("reading " + name, e);
        }
    }

    @Override
    public ByteBuffer read(String name, byte[] reuse) throws IOException, Segment.CorruptException {
        String key = key(name);
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(at.bucket()).key(key))) {
            long length = in.response().contentLength();
            if (length > Integer.MAX_VALUE - 16) {
                throw new IOException(named(name) + ": " + length + " bytes, too large for a segment");
            }
            byte[] out = reuse != null && reuse.length >= length ? reuse : new byte[(int) length];
            int n = in.readNBytes(out, 0, (int) length);
            if (n != length) {
                throw new IOException(named(name) + ": " + n + " bytes received of " + length);
            }
            return ByteBuffer.wrap(out, 0, n);
        } catch (NoSuchKeyException e) {
            throw new Segment.CorruptException(named(name) + ": missing");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new Segment.CorruptException(named(name) + ": missing");
            }
            throw failure("reading " + name, e);
        } catch (SdkException e) {
            throw failure("reading " + name, e);
        }
    }

    @Override
    public void write(String name, byte[] data, int length) throws IOException {
        String key = key(name);
        try {
            if (length <= settings.partBytes()) {
                byte[] md5 = md5(data, 0, length);
                String etag = s3.putObject(b -> b.bucket(at.bucket()).key(key).contentLength((long) length)
                        .contentMD5(Base64.getEncoder().encodeToString(md5)), body(data, 0, length)).eTag();
                checkETag(name, etag, HexFormat.of().formatHex(md5));
            } else {
                upload(name, key, data, length);
            }
        } catch (SdkException e) {
            throw failure("writing " + name, e);
        }
    }

    /** A multipart upload, aborted when any part fails, so no parts are left behind to be paid for. */
    private void upload(String name, String key, byte[] data, int length) throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(at.bucket()).key(key)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            MessageDigest ofParts = digest();
            int number = 1;
            for (int from = 0; from < length; from += settings.partBytes(), number++) {
                int n = Math.min(settings.partBytes(), length - from);
                byte[] md5 = md5(data, from, n);
                ofParts.update(md5);
                int partNumber = number;
                String etag = s3.uploadPart(b -> b.bucket(at.bucket()).key(key).uploadId(uploadId).partNumber(partNumber)
                        .contentLength((long) n).contentMD5(Base64.getEncoder().encodeToString(md5)), body(data, from, n)).eTag();
                checkETag(name + " part " + partNumber, etag, HexFormat.of().formatHex(md5));
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            }
            String etag = s3.completeMultipartUpload(b -> b.bucket(at.bucket()).key(key).uploadId(uploadId)
                    .multipartUpload(u -> u.parts(parts))).eTag();
            checkETag(name, etag, HexFormat.of().formatHex(ofParts.digest()) + "-" + parts.size());
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(at.bucket()).key(key).uploadId(uploadId));
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    private static RequestBody body(byte[] data, int from, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(data, from, length), length, "application/octet-stream");
    }

    /**
     * An ETag that is an MD5 (as S3 and most compatible servers give for unencrypted objects) must be
     * the one of the bytes sent; another form (SSE-KMS) says nothing, and the Content-MD5 the server
     * checked stands.
     */
    private void checkETag(String what, String etag, String expected) throws IOException {
        String tag = etag == null ? "" : etag.replace("\"", "").toLowerCase(java.util.Locale.ROOT);
        boolean md5Form = tag.matches("[0-9a-f]{32}(-[0-9]+)?");
        if (md5Form && !tag.equals(expected)) {
            throw new IOException(named(what) + ": the server stored other bytes than were sent (ETag " + tag + ", MD5 " + expected
                    + "); run the backup again");
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String prefix = key(folder) + "/";
        List<String> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(at.bucket()).prefix(prefix).delimiter("/")).contents()) {
                out.add(folder + "/" + o.key().substring(prefix.length()));
            }
        } catch (SdkException e) {
            throw failure("listing " + folder, e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public List<String> foreign(Manifest manifest) {
        Set<String> expected = new HashSet<>(List.of(Manifest.FILE, Manifest.CUT_FILE));
        manifest.topics().forEach(t -> t.partitions().forEach(p -> p.segments().forEach(s -> expected.add(s.file()))));
        String root = at.prefix() + "/";
        List<String> out = new ArrayList<>();
        try {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(at.bucket()).prefix(root)).contents()) {
                String name = o.key().substring(root.length());
                // a key ending in '/' is a folder as consoles and file-backed servers show them (s3proxy: with the size
                // of the directory), not a file
                if (!expected.contains(name) && !name.endsWith("/")) {
                    out.add(named(Manifest.oneLine(name)) + ": an object that is not part of the backup (not in " + Manifest.FILE
                            + "): remove it, or use an intact copy");
                }
            }
        } catch (SdkException e) {
            throw failure("listing the backup", e);
        }
        return out;
    }

    /**
     * The object key of a name the manifest gives, which is untrusted: plain names between single
     * slashes only, so that no server that keeps objects as files resolves one out of the prefix.
     */
    private String key(String name) throws IOException {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\\")) {
            throw new IOException(named(String.valueOf(name)) + ": not a file of the backup");
        }
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.chars().anyMatch(Character::isISOControl)) {
                throw new IOException(named(Manifest.oneLine(name)) + ": the path leads out of the backup " + at);
            }
        }
        return at.prefix() + "/" + name;
    }

    private WardenException failure(String what, SdkException e) {
        return S3Failure.of(at, settings, what, e);
    }

    private static byte[] md5(byte[] data, int from, int length) {
        MessageDigest md = digest();
        md.update(data, from, length);
        return md.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        s3.close();
        try {
            credentials.close();
        } catch (Exception e) {
            // nothing to release that outlives the process
        }
    }

    @Override
    public String toString() {
        return location();
    }
}
