/**
 * Configuration drift: a versioned JSON snapshot of a cluster's metadata (topics, broker configs,
 * ACLs) and the exact differences between it and the cluster now. Depends on kafka and the Admin API.
 */
package io.warden.protect.drift;
