package io.warden.cli;

import io.warden.WardenException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A regular expression given on the command line, compiled before anything connects. */
final class RegexOption {

    private RegexOption() {
    }

    /**
     * @param option the option as the operator wrote it, for the message, e.g. {@code --include}
     * @return the pattern, or null for a null value
     * @throws WardenException 64 naming the option, the value and what is wrong with it
     */
    static Pattern compile(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new WardenException(WardenException.USAGE, option + " '" + value + "' is not a regular expression: "
                    + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
