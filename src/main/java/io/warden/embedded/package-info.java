/**
 * A real Apache Kafka cluster in KRaft mode, started from Kafka's own artifacts inside this JVM,
 * for the demo and the tests. Depends on Kafka's server and test-kit artifacts only.
 */
package io.warden.embedded;
