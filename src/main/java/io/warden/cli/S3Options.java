package io.warden.cli;

import io.warden.WardenException;
import io.warden.protect.BackupStore;
import io.warden.protect.S3Store;
import picocli.CommandLine.Option;

/**
 * How to reach a backup in object storage ({@code s3://BUCKET/PREFIX}). Credentials are not
 * options: they come from the AWS SDK's default chain only.
 */
final class S3Options {

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "An S3-compatible server (MinIO, Ceph, ...) instead of AWS S3, e.g. http://minio.internal:9000.")
    String endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "The bucket's region (default: AWS_REGION, the profile's, the instance's, else us-east-1).")
    String region;

    @Option(names = "--s3-path-style", description = "Bucket in the URL's path, not the host name (most S3-compatible servers need it).")
    boolean pathStyle;

    @Option(names = "--s3-part-size", paramLabel = "BYTES", defaultValue = "" + S3Store.PART_BYTES,
            description = "A file larger than this is uploaded in parts of this size (at least 5 MiB; default: ${DEFAULT-VALUE}).")
    int partBytes;

    /** The backup at {@code location}: a directory, or {@code s3://BUCKET/PREFIX} opened with these options. */
    BackupStore store(String location) {
        S3Store.Settings settings = S3Store.Settings.of(endpoint, region, pathStyle, partBytes);
        BackupStore store = BackupStore.at(location, settings);
        if (store.localDir() != null && (endpoint != null || region != null || pathStyle || partBytes != S3Store.PART_BYTES)) {
            // a directory with object storage's options is most likely an s3:// location mistyped
            throw new WardenException(WardenException.USAGE, "'" + location + "' is a directory, but --s3-* options are given: write"
                    + " s3://BUCKET/PREFIX for object storage, or leave the --s3-* options out");
        }
        return store;
    }
}
