/**
 * Telling people: the Notifier SPI and the built-in channels (email, webhook, Alertmanager, log), with retries
 * and per-channel isolation. Depends on alert and watch records and config's duration syntax; used by heal and the daemon.
 */
package io.warden.notify;
