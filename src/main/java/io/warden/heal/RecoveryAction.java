package io.warden.heal;

/**
 * One step a playbook can take against a problem, e.g. run the broker restart command or elect
 * preferred leaders. Instances come from a {@link RecoveryActionProvider} with their settings
 * checked.
 *
 * <p>Warden runs {@link #run} on an action thread, never two at once for the same alert, and at
 * most one {@linkplain #affectsBrokers() broker-affecting} action at a time per cluster. It
 * decides about retries and verification itself: {@code run} makes one attempt and says how it
 * went. On shutdown the thread is interrupted; an action must then stop what it started (kill its
 * process, abandon its request) and return or throw {@link InterruptedException} promptly.
 */
public interface RecoveryAction {

    /** The action's type as configured ({@code action:} of a playbook step), for logs and metrics. */
    String type();

    /** Whether the action restarts, stops or moves load between brokers (one at a time per cluster). */
    boolean affectsBrokers();

    /**
     * Makes one attempt.
     *
     * @return what happened; a failure is a result, not an exception
     * @throws InterruptedException when Warden is stopping; whatever was started must be stopped first
     */
    ActionResult run(ActionRequest request) throws InterruptedException;

    /**
     * Why this attempt must not run, or null when it may: typically a value from the cluster (a
     * topic, group or host name, which clients of the cluster choose) that does not fit where the
     * action would put it. Asked before an attempt starts; a refusal escalates to a human instead,
     * with this text as the reason, and nothing runs. Must itself run nothing.
     */
    default String refusal(ActionRequest request) {
        return null;
    }
}
