package io.warden.comply;

import static io.warden.comply.CertificateCheck.text;

import io.warden.snapshot.GroupInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may reach each PHI topic and who reads it, as an auditor lists it with {@code kafka-acls --list
 * --topic} and the consumer groups: the ACLs whose literal, prefixed or wildcard pattern covers the
 * topic, by operation, and the groups of every type with committed offsets or assigned partitions on
 * it. Evidence, not a judgement ({@link AccessChecks#phiAccess} judges it). Text from the cluster is escaped.
 *
 * @param topicsUnknown why the topics could not be listed, or null
 * @param aclsUnknown   why the ACLs could not be read, or null
 * @param groupsUnknown why the groups could not be read, or not all of them, or null
 * @param topics        every PHI topic, by name
 */
public record PhiAccess(String topicsUnknown, String aclsUnknown, String groupsUnknown, List<Topic> topics) {

    public PhiAccess {
        topics = List.copyOf(topics);
    }

    /**
     * @param allowed per operation (ALL, READ, WRITE, ...), in name order, who an ALLOW ACL grants it, with the pattern and host
     * @param denied  the DENY ACLs that cover the topic
     * @param readBy  the groups that read it
     */
    public record Topic(String name, Map<String, List<String>> allowed, List<String> denied, List<Reader> readBy) {

        public Topic {
            allowed = java.util.Collections.unmodifiableMap(new TreeMap<>(allowed)); // by operation, for a stable report
            denied = List.copyOf(denied);
            readBy = List.copyOf(readBy);
        }
    }

    /** A group reading a PHI topic: its id, type (CLASSIC, CONSUMER, SHARE, STREAMS) and state. */
    public record Reader(String group, String type, String state) {
    }

    /** The inventory of the PHI topics, or null when no PHI pattern is set. */
    static PhiAccess of(ComplianceFacts facts, ComplianceOptions options) {
        if (options.phiTopics() == null) {
            return null;
        }
        String topicsUnknown = facts.topicError() == null ? null : text(facts.topicError());
        String aclsUnknown = facts.acls() == null ? text(facts.aclError()) : null;
        List<Topic> topics = new ArrayList<>();
        for (String name : phiTopics(facts, options)) {
            Map<String, List<String>> allowed = new TreeMap<>();
            List<String> denied = new ArrayList<>();
            for (AclBinding b : covering(facts.acls(), name)) {
                String who = text(b.entry().principal()) + " (" + b.pattern().patternType() + " '" + text(b.pattern().name())
                        + "', host " + text(b.entry().host()) + ")";
                if (b.entry().permissionType() == AclPermissionType.ALLOW) {
                    allowed.computeIfAbsent(b.entry().operation().name(), o -> new ArrayList<>()).add(who);
                } else {
                    denied.add(b.entry().operation() + " " + who);
                }
            }
            allowed.values().forEach(l -> l.sort(null));
            denied.sort(null);
            List<Reader> readers = facts.groups() == null ? List.of() : facts.groups().stream().filter(g -> reads(g, name))
                    .map(g -> new Reader(text(g.groupId()), g.type().name(), g.state())).sorted(java.util.Comparator.comparing(Reader::group))
                    .toList();
            topics.add(new Topic(text(name), allowed, denied, readers));
        }
        String groupsUnknown = facts.groupError() != null ? text(facts.groupError()) : facts.groups() == null ? "not read" : null;
        return new PhiAccess(topicsUnknown, aclsUnknown, groupsUnknown, topics);
    }

    static List<String> phiTopics(ComplianceFacts facts, ComplianceOptions options) {
        return facts.topics() == null ? List.of() : facts.topics().stream().map(TopicFacts::name).filter(options::isPhi).sorted().toList();
    }

    /** The topic ACLs that apply to {@code topic}, as the authorizer matches them; none when the ACLs are unknown. */
    static List<AclBinding> covering(List<AclBinding> acls, String topic) {
        return acls == null ? List.of() : acls.stream()
                .filter(b -> b.pattern().resourceType() == ResourceType.TOPIC && AccessChecks.covers(b.pattern(), topic)).toList();
    }

    /** A group reads a topic when it has committed offsets (a share group: start offsets) on it or a member assigned to it. */
    static boolean reads(GroupInfo g, String topic) {
        return Stream.concat(g.committed().keySet().stream(), g.members().stream().flatMap(m -> m.assignment().stream()))
                .anyMatch(tp -> tp.topic().equals(topic));
    }

    /** The principals of {@code super.users} on any broker whose configs were read. */
    static Set<String> superUsers(SecurityReading security) {
        return security.brokerConfigs().values().stream().map(c -> c.get("super.users")).filter(v -> v != null
                && !SecurityReading.HIDDEN.equals(v)).flatMap(v -> Stream.of(v.split(";"))).map(String::trim)
                .filter(s -> !s.isEmpty()).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
