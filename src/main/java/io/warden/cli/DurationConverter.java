package io.warden.cli;

import io.warden.config.DurationDeserializer;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d;
        try {
            d = DurationDeserializer.parse(value);
        } catch (ArithmeticException | NumberFormatException | java.time.DateTimeException e) {
            throw new TypeConversionException("'" + value + "' is too long a duration; write e.g. 30s, 5m, 2h or 7d");
        }
        if (d == null || d.isNegative()) {
            throw new TypeConversionException("'" + value + "' is not a duration; write e.g. 500ms, 30s, 5m, 2h");
        }
        return d;
    }

    /** A timeout handed to Kafka's clients, which take int milliseconds: 25d would wrap around to a negative one. */
    static final class Timeout extends DurationConverter {
        @Override
        public Duration convert(String value) {
            Duration d = super.convert(value);
            if (d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new TypeConversionException("'" + value + "' is out of range: a timeout is more than 0 and at most 24d");
            }
            return d;
        }
    }
}
