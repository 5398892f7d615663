package io.warden.snapshot;

/**
 * A fact: something did not answer during a cycle.
 *
 * @param probe   which part of the collection failed (cluster, topics, offsets, groups, logdirs, ...)
 * @param target  what it asked (a broker, a group, a topic), or "*" for the whole probe
 * @param message what went wrong, in one line
 */
public record ProbeFailure(String probe, String target, String message) {

    /** The cluster probe failed as a whole: the cluster did not answer at all (refused, frozen, refused the login). */
    public boolean wholeCluster() {
        return probe.equals("cluster") && target.equals("*");
    }
}
