package io.warden.protect.drift;

import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/** One ACL binding in plain strings, so it reads well in a file and compares by value. */
public record AclEntry(String resourceType, String resourceName, String patternType, String principal,
                       String host, String operation, String permission) implements Comparable<AclEntry> {

    public static AclEntry of(AclBinding b) {
        return new AclEntry(b.pattern().resourceType().name(), b.pattern().name(), b.pattern().patternType().name(),
                b.entry().principal(), b.entry().host(), b.entry().operation().name(), b.entry().permissionType().name());
    }

    /** The Admin API binding that creates this entry again. */
    public AclBinding binding() {
        return new AclBinding(new ResourcePattern(ResourceType.valueOf(resourceType), resourceName, PatternType.valueOf(patternType)),
                new AccessControlEntry(principal, host, AclOperation.valueOf(operation), AclPermissionType.valueOf(permission)));
    }

    /** e.g. {@code ALLOW User:alice READ TOPIC:orders (LITERAL) from *}. */
    public String summary() {
        return permission + " " + principal + " " + operation + " " + resourceType + ":" + resourceName
                + " (" + patternType + ") from " + host;
    }

    @Override
    public int compareTo(AclEntry o) {
        return summary().compareTo(o.summary());
    }
}
