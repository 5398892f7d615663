package io.warden.dr;

import io.warden.WardenException;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * MirrorMaker's include/exclude filter ({@code topics}/{@code topics.exclude},
 * {@code groups}/{@code groups.exclude}): comma-separated regexes, each matching the whole name,
 * as MirrorMaker's {@code DefaultTopicFilter} joins them.
 */
public record MirrorFilter(Pattern include, Pattern exclude) {

    /**
     * @param what where the lists came from, for the error message (e.g. {@code dr.topics})
     * @param exit the exit code of a bad list: 78 from the config file, 64 from the command line
     */
    public static MirrorFilter of(String include, String exclude, String what, int exit) {
        return new MirrorFilter(compile(include, what, exit), compile(exclude, what + "-exclude", exit));
    }

    public boolean test(String name) {
        return include.matcher(name).matches() && !exclude.matcher(name).matches();
    }

    static Pattern compile(String list, String what, int exit) {
        String joined = list == null ? "" : Arrays.stream(list.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.joining("|"));
        if (joined.isEmpty()) {
            return Pattern.compile("(?!)");
        }
        try {
            return Pattern.compile(joined);
        } catch (PatternSyntaxException e) {
            throw new WardenException(exit, what + ": '" + list + "' is not a list of regular expressions ("
                    + e.getDescription() + "): write them as in mm2.properties, e.g. 'orders\\..*, payments'");
        }
    }
}
