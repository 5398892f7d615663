package io.warden.protect;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where the files of one backup live: a local directory ({@link BackupDirectory}) or a bucket and
 * prefix of S3-compatible object storage ({@link S3Store}). Backup, verify and restore see only
 * this: names relative to the backup, with '/' between the topic, partition and file. A name the
 * manifest gives is untrusted: a store refuses one that leads out of the backup.
 */
public interface BackupStore extends AutoCloseable {

    /**
     * The backup named as operators write it: {@code s3://bucket/prefix} for object storage
     * (reached with {@code s3}), else a directory.
     */
    static BackupStore at(String location, S3Store.Settings s3) {
        return S3Location.isS3(location) ? S3Store.open(S3Location.parse(location), s3) : new BackupDirectory(Path.of(location));
    }

    /** The backup as the operator named it, for messages and the audit trail. */
    String location();

    /** One of its files, for messages. */
    String named(String name);

    /** The directory, for finding an incremental backup's base beside it; null in object storage. */
    Path localDir();

    /**
     * Before a backup writes: refuses, with what to do, a place it cannot write (a file, a directory
     * of another user, a missing bucket, credentials that may not write), before the cluster is asked anything.
     */
    void checkWritable();

    /** A file's size, empty when there is none; a manifest or cut that leads elsewhere is refused. */
    OptionalLong size(String name) throws IOException;

    /** A file whole, in {@code reuse} when it is long enough (position 0 to the limit); a missing one is damage. */
    ByteBuffer read(String name, byte[] reuse) throws IOException, Segment.CorruptException;

    /**
     * Writes a file so that it is there complete, checksum checked, or not at all: a reader never
     * sees part of it, and a file that is there was written whole.
     */
    void write(String name, byte[] data, int length) throws IOException;

    /**
     * The names of the files in a folder (a partition's {@code topic/partition}), sorted, made if
     * missing; what an interrupted write left is removed. A segment that is no regular file is refused.
     */
    List<String> list(String folder) throws IOException;

    /** What lies in the backup besides the manifest, the cut and the files the manifest names: each one a problem. */
    List<String> foreign(Manifest manifest);

    @Override
    void close();
}
