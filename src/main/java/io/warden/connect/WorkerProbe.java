package io.warden.connect;

/**
 * Whether one configured worker URL answered.
 *
 * @param url        the worker URL as configured
 * @param httpStatus the HTTP status it answered with; 0 when it did not answer at all
 * @param error      why it could not be used (no answer, an error status, not Connect's JSON), or null
 */
public record WorkerProbe(String url, int httpStatus, String error) {

    static WorkerProbe ok(String url, int httpStatus) {
        return new WorkerProbe(url, httpStatus, null);
    }

    public boolean answered() {
        return error == null;
    }
}
