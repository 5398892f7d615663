package io.warden.heal;

import io.warden.connect.ConnectClient;
import org.apache.kafka.clients.admin.Admin;

/**
 * What recovery actions may use to reach the cluster; both shared and thread-safe.
 *
 * @param admin   the cluster's Admin client; null where no cluster is connected (config checks)
 * @param connect the cluster's Kafka Connect client; null when no Connect is configured
 */
public record ActionResources(Admin admin, ConnectClient connect) {

    public ActionResources(Admin admin) {
        this(admin, null);
    }
}
