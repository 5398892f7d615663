package io.warden.cli;

import io.warden.config.DurationDeserializer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time: ISO-8601 ({@code 2026-05-01T10:00:00Z}, or with an offset) or a duration ago ({@code 2h}). */
final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                Duration ago = DurationDeserializer.parse(value);
                if (ago != null && !ago.isNegative()) {
                    return Instant.now().minus(ago);
                }
            } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException tooFar) {
                // reported below, with what to write instead
            }
            throw new TypeConversionException("'" + value + "' is neither a time (2026-05-01T10:00:00Z) nor a"
                    + " duration ago (30m, 2h, 7d)");
        }
    }
}
