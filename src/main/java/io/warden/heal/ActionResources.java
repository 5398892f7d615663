package io.warden.heal;

import org.apache.kafka.clients.admin.Admin;

/**
 * What recovery actions may use: the watched cluster's Admin client (shared, thread-safe).
 *
 * @param admin the cluster's Admin client; null where no cluster is connected (config checks)
 */
public record ActionResources(Admin admin) {
}
