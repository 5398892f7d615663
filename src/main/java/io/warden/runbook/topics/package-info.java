/**
 * Topics by hand (list, describe, create, alter, delete) and as code (a YAML file planned against the
 * cluster and applied). Every change is a {@link io.warden.runbook.topics.TopicChange} value first,
 * so it can be printed, refused, executed and audited. Depends on kafka, config and the Admin API.
 */
package io.warden.runbook.topics;
