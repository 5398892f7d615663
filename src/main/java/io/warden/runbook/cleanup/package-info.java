/**
 * Finding what a cluster no longer uses (idle or empty topics, inactive consumer groups), each with
 * its evidence, and deleting exactly what the report lists. Depends on kafka and the Admin API.
 */
package io.warden.runbook.cleanup;
