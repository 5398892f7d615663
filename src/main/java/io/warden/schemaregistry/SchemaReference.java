package io.warden.schemaregistry;

/** A schema's reference to another subject's version, named as the referring schema names it. */
public record SchemaReference(String name, String subject, int version) {
}
