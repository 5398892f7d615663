/**
 * The HTTP face of the {@code warden watch} daemon: {@code /metrics}, {@code /health}, the REST API
 * (alerts, findings, silences) behind bearer tokens and the web console at {@code /} (its files under
 * {@code src/main/resources/io/warden/console}, sessions by login with a token), optionally over TLS, served by Jetty. Depends on the
 * snapshot, watch, alert, comply (certificates) and DR replication records, the config's http section and
 * duration syntax and the audit redactor; never on kafka, daemon or cli.
 */
package io.warden.server;
