package io.warden;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.regex.Pattern;

/** A JSON file's parse or mapping error in one line an operator can act on: what is wrong, at which line and column. */
public final class JsonProblem {

    private static final Pattern JAVA_TYPE = Pattern.compile("`(?:[a-z][a-z0-9_]*\\.)+(?:[A-Z]\\w*\\$)?([A-Z]\\w*)(?:<[^`]*>)?`");

    private JsonProblem() {
    }

    /** {@code line 3, column 7: Unexpected character ...}, without Jackson's multi-line source excerpt or Java package names. */
    public static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        message = JAVA_TYPE.matcher(message).replaceAll("$1").replaceAll("\\s*\\R\\s*", " ");
        var at = e.getLocation();
        return (at == null || at.getLineNr() < 0 ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ") + message;
    }
}
