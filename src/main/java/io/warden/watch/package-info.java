/**
 * The watch core: checks that turn a snapshot history into findings, lag evaluation, the check settings
 * a config file sets, and the monitor loop. Checks are pure (no I/O, no clock); only the monitor talks
 * to Kafka. Depends on snapshot, kafka, connect (the worker probe) and config.
 */
package io.warden.watch;
