/**
 * The YAML configuration of the daemon as records: reading the file within limits, ${ENV}
 * substitution inside the values read, and errors that name file, line and field but never a
 * substituted value. Depends on nothing in Warden but the root package (WardenException, InputFiles).
 */
package io.warden.config;
