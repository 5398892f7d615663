/**
 * Kafka Connect: a REST client (status, restarts), records of what it saw, and a pure check making findings of them.
 * May depend on io.warden.watch (Finding, Severity), Jackson and the JDK's HTTP client; nothing else of Warden but WardenException.
 */
package io.warden.connect;
