package io.warden.server;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.warden.watch.Finding;

/**
 * A finding with the cluster it was found in, as the API shows it: the finding's own fields plus
 * {@code cluster}.
 */
public record ClusterFinding(String cluster, @JsonUnwrapped Finding finding) {
}
