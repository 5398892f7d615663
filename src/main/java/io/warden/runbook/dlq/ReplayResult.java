package io.warden.runbook.dlq;

import java.util.List;
import java.util.Map;

/**
 * What a replay did.
 *
 * @param replayId     the {@code warden-replay-id} header of every record it produced
 * @param replayed     records produced and committed
 * @param skipped      records read and left in the DLQ (filter or no target)
 * @param transactions transactions committed
 * @param complete     false when {@code --max-records} stopped it: run it again to continue
 * @param progress     the committed progress per DLQ partition after the replay
 * @param targets      records produced per target
 */
public record ReplayResult(String topic, String group, String replayId, long replayed, long skipped, int transactions,
                           boolean complete, Map<Integer, ReplayProgress> progress, List<ReplayPlan.Target> targets) {
}
