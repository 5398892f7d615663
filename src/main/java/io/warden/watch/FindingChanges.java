package io.warden.watch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What changed between two cycles' findings: new problems, resolved ones, and ones whose severity
 * moved. Keys identify a problem across cycles, so a value that merely changes is not news.
 */
public record FindingChanges(List<Finding> raised, List<Finding> resolved, List<Finding> changed) {

    public static FindingChanges between(List<Finding> before, List<Finding> after) {
        Map<String, Finding> old = index(before);
        Map<String, Finding> now = index(after);
        List<Finding> raised = new ArrayList<>();
        List<Finding> changed = new ArrayList<>();
        now.forEach((key, f) -> {
            Finding previous = old.get(key);
            if (previous == null) {
                raised.add(f);
            } else if (previous.severity() != f.severity()) {
                changed.add(f);
            }
        });
        List<Finding> resolved = old.entrySet().stream().filter(e -> !now.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new FindingChanges(raised, resolved, changed);
    }

    public boolean isEmpty() {
        return raised.isEmpty() && resolved.isEmpty() && changed.isEmpty();
    }

    private static Map<String, Finding> index(List<Finding> findings) {
        Map<String, Finding> map = new LinkedHashMap<>();
        findings.forEach(f -> map.put(f.key(), f));
        return map;
    }
}
