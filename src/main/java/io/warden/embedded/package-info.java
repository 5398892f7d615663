/**
 * A real Apache Kafka cluster in KRaft mode, started from Kafka's own artifacts inside this JVM or
 * as child JVMs, for the demo and the tests. Depends on Kafka's server and test-kit artifacts and Failsafe only.
 */
package io.warden.embedded;
