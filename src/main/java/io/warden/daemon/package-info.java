/**
 * The watch daemon, assembled: probe, snapshot, checks, alerts, then notify, heal and audit, one
 * watch per configured cluster, sharing the metrics registry, dispatcher, audit trail and HTTP endpoint.
 * May depend on every package but cli; only cli starts it.
 */
package io.warden.daemon;
