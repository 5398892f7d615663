package io.warden.comply;

/**
 * What the audit needs of one topic.
 *
 * @param name               the topic (untrusted text)
 * @param replicationFactor  the smallest replica count of its partitions
 * @param retentionMs        retention.ms, -1 for forever; null when its configs could not be read
 * @param minInsyncReplicas  min.insync.replicas; null when unknown
 * @param uncleanLeaderElection unclean.leader.election.enable; null when unknown
 */
public record TopicFacts(String name, int replicationFactor, Long retentionMs, Integer minInsyncReplicas,
                         Boolean uncleanLeaderElection) {
}
