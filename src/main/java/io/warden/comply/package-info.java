/**
 * Security review of a cluster: the certificates its TLS endpoints present, its listeners, and the
 * compliance audit built on them. Probes here talk to Kafka and open TLS connections; the checks
 * are pure. May depend on kafka, snapshot, watch, config and the JDK's TLS; the CLI renders results.
 */
package io.warden.comply;
