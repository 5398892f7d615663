package io.warden.cli;

import io.warden.config.DurationDeserializer;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = DurationDeserializer.parse(value);
        if (d == null || d.isNegative()) {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 500ms, 30s, 5m, 2h");
        }
        return d;
    }
}
