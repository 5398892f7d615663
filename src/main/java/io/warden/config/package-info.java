/**
 * The YAML configuration of the daemon as records: loading, ${ENV} substitution and errors that
 * name file, line and field. Depends on nothing in Warden but the records it builds.
 */
package io.warden.config;
