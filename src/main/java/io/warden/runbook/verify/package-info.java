/**
 * The post-change checklist: brokers, controller, partitions, a canary round trip, consumer lag and
 * disk, each PASS, WARN or FAIL with evidence. Reuses the watch checks on one snapshot; depends on
 * kafka and watch.
 */
package io.warden.runbook.verify;
