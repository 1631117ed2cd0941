package io.github.rootlyworkflowrun.emulator;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scenario durations: {@code 250ms}, {@code 2s}, {@code 10m}, {@code 1h}, or combinations such as {@code 1m30s}.
 * Not core's {@code engine.Durations}: core's tests depend on the emulator, so it cannot depend on core, and
 * scenarios need milliseconds, which user-facing options do not take.
 */
final class Durations {
    private static final Pattern FORM = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m(?!s))?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {}

    static Duration parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Matcher m = FORM.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 250ms, 2s, 10m or 1h");
        }
        return Duration.ofHours(n(m, 1))
                .plusMinutes(n(m, 2))
                .plusSeconds(n(m, 3))
                .plusMillis(n(m, 4));
    }

    private static long n(Matcher m, int g) {
        return m.group(g) == null ? 0 : Long.parseLong(m.group(g));
    }

    /** The scenario form of a duration, in milliseconds, which {@link #parse} reads back exactly. */
    static String format(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative, not " + d);
        }
        return d.toMillis() + "ms";
    }
}
