package io.warden.connect;

/**
 * One task of a connector as Connect reported it.
 *
 * @param id       task number within its connector
 * @param state    RUNNING, FAILED, ...
 * @param workerId the worker running it, {@code host:port} as Connect advertises it; null if none
 * @param trace    the stack trace Connect keeps for a FAILED task, else null
 */
public record TaskStatus(int id, ConnectState state, String workerId, String trace) {

    public boolean failed() {
        return state == ConnectState.FAILED;
    }
}
