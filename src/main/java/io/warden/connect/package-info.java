/**
 * Kafka Connect: a client of the workers' REST API (status, restart), the records of what it saw,
 * and a pure check that turns them into findings. Depends on io.warden.watch (Finding, Severity), Jackson and the JDK's HTTP client.
 */
package io.warden.connect;
