package io.warden.protect;

import io.warden.WardenException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A backup in object storage, {@code s3://BUCKET/PREFIX}: the bucket as S3 names them (3 to 63
 * lower-case letters, digits, dots and hyphens) and a prefix of plain '/'-separated names, under
 * which the backup's files lie as they would in its directory. The prefix is required: a backup
 * never shares a bucket's root with what else it holds.
 */
public record S3Location(String bucket, String prefix) {

    private static final String SCHEME = "s3://";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern NAME = Pattern.compile("[^\\p{Cntrl}\\\\?#]+");

    /** Whether the operator meant object storage: {@code s3:} in any case, well formed or not. */
    static boolean isS3(String location) {
        return location.regionMatches(true, 0, "s3:", 0, 3);
    }

    public static S3Location parse(String location) {
        String example = "; write s3://BUCKET/PREFIX, e.g. s3://backups/kafka/orders-2026-05-01";
        if (!location.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new WardenException(WardenException.USAGE, "'" + Manifest.oneLine(location) + "' is not an s3:// location" + example);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.contains("@")) { // not echoed: what stands before '@' may be a key and its secret
            throw new WardenException(WardenException.USAGE, "an s3:// location holds no credentials: they come from the AWS SDK's"
                    + " default chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or the instance role)" + example);
        }
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        if (bucket.isEmpty()) {
            throw new WardenException(WardenException.USAGE, "'" + Manifest.oneLine(location) + "' names no bucket" + example);
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new WardenException(WardenException.USAGE, "'" + Manifest.oneLine(location) + "': '" + Manifest.oneLine(bucket)
                    + "' is not a bucket name (3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a"
                    + " letter or digit)" + example);
        }
        if (prefix.isEmpty()) {
            throw new WardenException(WardenException.USAGE, "'" + Manifest.oneLine(location) + "' names no prefix: a backup needs"
                    + " a prefix of its own in the bucket" + example);
        }
        for (String name : prefix.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || !NAME.matcher(name).matches()) {
                throw new WardenException(WardenException.USAGE, "'" + Manifest.oneLine(location) + "': the prefix must be names"
                        + " between single slashes, without '.', '..', '?', '#', '\\' or control characters" + example);
            }
        }
        return new S3Location(bucket.toLowerCase(Locale.ROOT), prefix);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
