/**
 * The HTTP face of the {@code warden watch} daemon: {@code /metrics}, {@code /health} and the REST API
 * (alerts, findings, silences) behind bearer tokens, optionally over TLS, served by Jetty. Depends on the
 * snapshot, watch, alert, comply (certificates) and DR replication records, the config's http section and
 * duration syntax and the audit redactor; never on kafka, daemon or cli.
 */
package io.warden.server;
