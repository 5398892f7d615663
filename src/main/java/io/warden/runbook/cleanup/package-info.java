/**
 * Finding what a cluster no longer uses (idle or empty topics, inactive consumer groups), each with
 * its evidence, and deleting exactly what the report lists once each item is checked again. Depends
 * on kafka and the Admin API, on {@code runbook.InfrastructureTopics}, and on the names Warden's
 * own progress groups take ({@code runbook.dlq}, {@code protect.metadata}).
 */
package io.warden.runbook.cleanup;
