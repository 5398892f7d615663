package io.warden.comply;

import io.warden.snapshot.GroupInfo;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;

/**
 * Everything the compliance audit judges, read once. A part that could not be read is null with
 * its error set, so the checks that need it say UNKNOWN and why.
 *
 * @param clusterId    the cluster's id, or null
 * @param security     listeners, broker security settings and certificates
 * @param acls         every ACL, or null
 * @param aclError     why the ACLs could not be read, or null
 * @param topics       every topic, or null
 * @param topicError   why the topics or their configs could not be read, or null
 * @param scramUsers   users with SCRAM credentials, or null when they could not be listed
 * @param scramError   why not, or null
 * @param auditTrail   Warden's own audit trail, or null when no config named it
 * @param groups       the groups of every type, or null when they could not be listed (or were not needed)
 * @param groupError   why the groups could not be listed, or why the list may be incomplete; null when complete
 */
public record ComplianceFacts(String clusterId, SecurityReading security, List<AclBinding> acls, String aclError,
                              List<TopicFacts> topics, String topicError, Set<String> scramUsers, String scramError,
                              AuditTrailFacts auditTrail, List<GroupInfo> groups, String groupError) {

    /**
     * Warden's audit trail as configured.
     *
     * @param file    the configured file
     * @param problem why it cannot be written, or null
     * @param exists  whether the daemon has written it yet
     * @param bytes   its size, 0 when absent
     */
    public record AuditTrailFacts(String file, String problem, boolean exists, long bytes) {
    }
}
