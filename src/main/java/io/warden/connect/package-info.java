/**
 * Kafka Connect: a REST client (status, restarts) and records of what it saw (part of a snapshot;
 * io.warden.watch.ConnectCheck makes findings of them). May depend on Jackson and the JDK's HTTP
 * client; nothing else of Warden but WardenException and ServiceUrls.
 */
package io.warden.connect;
