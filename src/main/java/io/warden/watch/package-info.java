/**
 * The watch core: checks that turn a snapshot history into findings, lag evaluation, and the
 * monitor loop. Checks are pure (no I/O, no clock); only the monitor talks to the kafka package.
 */
package io.warden.watch;
