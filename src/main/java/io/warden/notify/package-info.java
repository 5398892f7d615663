/**
 * Telling people: the Notifier SPI and the built-in channels (email, webhook, log), with retries
 * and per-channel isolation. Depends on alert records; nothing depends on it but cli.
 */
package io.warden.notify;
