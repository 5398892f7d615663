package io.warden.protect;

import io.warden.WardenException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** What the object storage answered or why it did not, as Warden's one line with an exit code. */
final class S3Failure {

    private S3Failure() {
    }

    /**
     * What failed, as one line with what to do; never the SDK's own message for a refusal (the
     * server's words), nor anything of the credentials.
     */
    static WardenException of(S3Location at, S3Store.Settings settings, String what, SdkException e) {
        String where = at + " (" + (settings.endpoint() == null ? "AWS S3" : settings.endpoint().toString()) + ")";
        if (e instanceof S3Exception s) {
            String code = s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null ? "" : s.awsErrorDetails().errorCode();
            int status = s.statusCode();
            if (code.equals("NoSuchBucket") || status == 404 && what.equals("opening the bucket")) {
                return new WardenException(WardenException.NO_INPUT, where + ": bucket " + at.bucket() + " does not exist: create it"
                        + " first, or check the name and --s3-endpoint", e);
            }
            if (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")) {
                return new WardenException(WardenException.CONFIG, where + ": the server does not accept the credentials (" + code
                        + ") " + what + ": check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile) for this endpoint", e);
            }
            if (status == 403) {
                return new WardenException(WardenException.CONFIG, where + ": access denied " + what + (code.isEmpty() ? "" : " ("
                        + code + ")") + ": the credentials need s3:ListBucket, s3:GetObject, s3:PutObject and"
                        + " s3:AbortMultipartUpload there; check the user's or the bucket's policy", e);
            }
            if (status == 301 || code.equals("PermanentRedirect") || code.equals("AuthorizationHeaderMalformed")) {
                return new WardenException(WardenException.CONFIG, where + ": the bucket is in another region (" + code + "): pass"
                        + " --s3-region", e);
            }
            return new WardenException(WardenException.UNAVAILABLE, where + ": " + what + " failed: HTTP " + status
                    + (code.isEmpty() ? "" : " " + code) + "; run again, or check the server", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String hint = root instanceof UnknownHostException && settings.endpoint() != null && !settings.pathStyle()
                ? "; an S3-compatible server usually needs --s3-path-style" : "";
        String cause = root instanceof UnknownHostException ? "unknown host " + root.getMessage()
                : root instanceof ConnectException || root instanceof SocketTimeoutException ? root.getMessage()
                : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + Manifest.oneLine(root.getMessage()));
        return new WardenException(WardenException.UNAVAILABLE, where + ": cannot reach the storage " + what + " (" + cause
                + "): check --s3-endpoint and the network" + hint, e);
    }

}
