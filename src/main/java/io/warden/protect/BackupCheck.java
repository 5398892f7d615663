package io.warden.protect;

import io.warden.WardenException;

/**
 * The whole backup checked once, before anything commits: every segment file against the
 * manifest. Segments the restore already read were checked as they were read and are not read
 * again, so a restore that fits one transaction reads its backup once.
 */
final class BackupCheck {
    private final BackupStore dir;
    private final Manifest unchecked;
    private final ReadAhead readAhead;
    private Manifest passed;
    private WardenException refused;

    BackupCheck(BackupStore dir, Manifest unchecked, ReadAhead readAhead) {
        this.dir = dir;
        this.unchecked = unchecked;
        this.readAhead = readAhead;
    }

    /** The checked manifest; refuses a damaged backup, or one whose manifest changed since the restore read it. */
    Manifest manifest() {
        if (refused != null) {
            throw refused;
        }
        if (passed == null) {
            try {
                Manifest m = checked(BackupVerifier.checkFiles(dir, readAhead::checked), dir);
                if (!m.equals(unchecked)) {
                    throw new WardenException(WardenException.DATA, dir.named(Manifest.FILE) + " changed while the restore read it; "
                            + "nothing restored: run it again when nothing writes to the backup");
                }
                passed = m;
            } catch (WardenException e) {
                refused = e;
                throw e;
            }
        }
        return passed;
    }

    /** The manifest of a backup that passed verification; a damaged one is refused, nothing restored. */
    static Manifest checked(BackupVerifier.Result check, BackupStore dir) {
        if (!check.ok()) {
            throw new WardenException(WardenException.DATA, "the backup in " + dir.location() + " fails verification, nothing restored: "
                    + String.join("; ", check.problems()));
        }
        return check.manifest();
    }
}
