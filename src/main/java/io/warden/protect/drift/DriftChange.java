package io.warden.protect.drift;

/**
 * One difference between a baseline and the cluster now.
 *
 * @param kind    what changed
 * @param subject the topic, {@code broker N}, {@code cluster defaults} or the ACL
 * @param key     the config key, or null when the change is not about a config
 * @param before  the baseline's value, or null when it was not there
 * @param after   the value now, or null when it is gone
 */
public record DriftChange(Kind kind, String subject, String key, String before, String after) {

    /** The kinds of difference a diff reports. */
    public enum Kind {
        TOPIC_ADDED, TOPIC_REMOVED, PARTITIONS_CHANGED, REPLICATION_FACTOR_CHANGED,
        CONFIG_ADDED, CONFIG_REMOVED, CONFIG_CHANGED, BROKER_ADDED, BROKER_REMOVED,
        BROKER_CONFIG_ADDED, BROKER_CONFIG_REMOVED, BROKER_CONFIG_CHANGED,
        ACL_ADDED, ACL_REMOVED, ACLS_AVAILABILITY_CHANGED
    }

    /** One line for people, e.g. {@code orders: config retention.ms 86400000 -> 3600000}. */
    public String summary() {
        return switch (kind) {
            case TOPIC_ADDED -> subject + ": topic added (" + after + ")";
            case TOPIC_REMOVED -> subject + ": topic removed (was " + before + ")";
            case PARTITIONS_CHANGED -> subject + ": partitions " + before + " -> " + after;
            case REPLICATION_FACTOR_CHANGED -> subject + ": replication factor " + before + " -> " + after;
            case CONFIG_ADDED, BROKER_CONFIG_ADDED -> subject + ": config " + key + " added = " + after;
            case CONFIG_REMOVED, BROKER_CONFIG_REMOVED -> subject + ": config " + key + " removed (was " + before + ")";
            case CONFIG_CHANGED, BROKER_CONFIG_CHANGED -> subject + ": config " + key + " " + before + " -> " + after;
            case BROKER_ADDED -> subject + ": broker added";
            case BROKER_REMOVED -> subject + ": broker gone";
            case ACL_ADDED -> "ACL added: " + subject;
            case ACL_REMOVED -> "ACL removed: " + subject;
            case ACLS_AVAILABILITY_CHANGED -> "ACLs: " + before + " -> " + after;
        };
    }
}
