package io.warden.cli;

import io.warden.runbook.topics.StepResult;
import io.warden.runbook.topics.TopicChange;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints topic plans and step results, and writes the audit record of each executed step. */
final class TopicChangesView {

    private TopicChangesView() {
    }

    static void printPlan(PrintWriter out, List<TopicChange> changes) {
        if (changes.isEmpty()) {
            out.println("No changes: the cluster matches.");
            return;
        }
        Table t = new Table("TOPIC", "ACTION", "CHANGE");
        changes.forEach(c -> t.row(c.topic(), c.action(), c.summary()));
        t.print(out, "");
    }

    static void printResults(PrintWriter out, List<StepResult> results) {
        Table t = new Table("TOPIC", "ACTION", "RESULT", "CHANGE");
        results.forEach(r -> t.row(r.change().topic(), r.change().action(), r.ok() ? "ok" : "FAILED: " + r.message(),
                r.change().summary()));
        t.print(out, "");
    }

    static Map<String, Object> json(TopicChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("topic", c.topic());
        m.put("action", c.action());
        m.put("summary", c.summary());
        return m;
    }

    static Map<String, Object> json(StepResult r) {
        Map<String, Object> m = json(r.change());
        m.put("ok", r.ok());
        m.put("message", r.message());
        return m;
    }

    static void audit(CommandAudit audit, List<StepResult> results, Map<String, Object> context) {
        for (StepResult r : results) {
            Map<String, Object> data = new LinkedHashMap<>(context);
            data.put("action", r.change().action().name());
            data.put("change", r.change().summary());
            data.put("ok", r.ok());
            data.put("result", r.message());
            audit.record(r.change().action().auditType(), r.change().topic(), data, r.ok()
                    ? "topic " + r.change().topic() + " WAS changed (" + r.change().action() + ": " + r.change().summary() + ")" : null);
        }
    }

    /** 0 when every step succeeded, 2 when one failed. */
    static int exitCode(List<StepResult> results) {
        return results.stream().allMatch(StepResult::ok) ? 0 : 2;
    }
}
