/**
 * Schema Registry (the Confluent REST API, which Apicurio and others also serve): a client that reads
 * and registers subjects, versions and compatibility settings, and records of what it read. May
 * depend on Jackson and the JDK's HTTP client; nothing else of Warden but WardenException and ServiceUrls.
 */
package io.warden.schemaregistry;
