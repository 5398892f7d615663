/**
 * The command line: one picocli class per command, thin — parse, call a service, render, return
 * the exit code. May depend on every other package; nothing depends on it.
 */
package io.warden.cli;
