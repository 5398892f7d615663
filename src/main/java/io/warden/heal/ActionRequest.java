package io.warden.heal;

import io.warden.alert.Alert;
import java.util.Map;

/**
 * One attempt to ask of an action.
 *
 * @param alert   the firing alert the playbook answers, with its finding as evidence
 * @param target  values for templated arguments: {@code cluster}, the alert's labels (e.g.
 *                {@code broker}, {@code topic}, {@code connector}) and, for a broker,
 *                {@code broker.id}, {@code broker.host} and {@code broker.port} as last seen
 * @param attempt 1 for the first attempt of this step
 */
public record ActionRequest(Alert alert, Map<String, String> target, int attempt) {

    public ActionRequest {
        target = Map.copyOf(target);
    }
}
