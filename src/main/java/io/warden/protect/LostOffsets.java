package io.warden.protect;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Offsets the source deleted (retention, or {@code kafka-delete-records}) after the cut and before
 * the backup read them. Each range is added to {@code cut.json} as soon as it is found, before any
 * segment after it is written, so a resumed run still knows a gap that lies between two segments;
 * the manifest keeps them ({@code lost}, {@code offsetsLost}).
 */
final class LostOffsets {

    private final BackupStore store;
    private final CompletableFuture<Void> cutWritten;
    private final List<String> warnings;
    private Manifest cut;

    /**
     * @param cut        the cut as read or taken, with the ranges earlier runs found
     * @param cutWritten when the cut is first on disk: a range is written after it, never before
     * @param warnings   gets a line for each range found by this run
     */
    LostOffsets(BackupStore store, Manifest cut, CompletableFuture<Void> cutWritten, List<String> warnings) {
        this.store = store;
        this.cut = cut;
        this.cutWritten = cutWritten;
        this.warnings = warnings;
    }

    /**
     * Offsets {@code from} to {@code to} of the partition were deleted before they were read. A
     * range that overlaps or adjoins a known one joins it: a resumed run that seeks into a gap an
     * earlier run found finds it again, perhaps longer.
     */
    synchronized void add(String topic, int partition, long from, long to) throws IOException {
        cutWritten.join();
        List<Manifest.Topic> topics = new ArrayList<>();
        boolean changed = false;
        for (Manifest.Topic t : cut.topics()) {
            List<Manifest.Partition> parts = new ArrayList<>();
            for (Manifest.Partition p : t.partitions()) {
                if (t.name().equals(topic) && p.partition() == partition) {
                    List<Manifest.OffsetRange> lost = joined(p.lost(), new Manifest.OffsetRange(from, to));
                    changed = !lost.equals(p.lost());
                    p = p.withLost(lost);
                }
                parts.add(p);
            }
            topics.add(t.withPartitions(parts));
        }
        if (!changed) {
            return;
        }
        Manifest updated = cut.withTopics(topics);
        updated.write(store, Manifest.CUT_FILE);
        cut = updated;
        warnings.add(topic + "-" + partition + ": " + (to - from + 1) + " offsets LOST during the backup (" + from + " to " + to
                + "): the source deleted them (retention) after the cut, before the backup read them; the backup has a gap there");
    }

    /** The ranges with one more, in order, overlapping and adjoining ones joined. */
    static List<Manifest.OffsetRange> joined(List<Manifest.OffsetRange> ranges, Manifest.OffsetRange added) {
        List<Manifest.OffsetRange> all = new ArrayList<>(ranges);
        all.add(added);
        all.sort(java.util.Comparator.comparingLong(Manifest.OffsetRange::from));
        List<Manifest.OffsetRange> out = new ArrayList<>();
        for (Manifest.OffsetRange r : all) {
            Manifest.OffsetRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.from() <= last.to() + 1) {
                out.set(out.size() - 1, new Manifest.OffsetRange(last.from(), Math.max(last.to(), r.to())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /** The cut with every range found so far. */
    synchronized Manifest cut() {
        return cut;
    }

    /** Every range of the backup, of this run and earlier ones, and the offsets an incremental backup's base missed. */
    synchronized List<BackupService.Lost> all() {
        return in(cut);
    }

    /** Every range a cut or manifest holds. */
    static List<BackupService.Lost> in(Manifest m) {
        List<BackupService.Lost> out = new ArrayList<>();
        m.topics().forEach(t -> t.partitions().forEach(p -> p.lost().forEach(r -> out.add(new BackupService.Lost(t.name(),
                p.partition(), r.from(), r.to(), r.offsets())))));
        return out;
    }
}
