package io.github.rootlyworkflowrun.engine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the short durations users write: {@code 90s}, {@code 30m}, {@code 2h}, {@code 1h30m}. */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?");

    private Durations() {}

    /** Parses {@code text}, or throws a {@link UsageException} for {@code field} that shows the accepted form. */
    public static Duration parse(String field, String text) {
        String t = text == null ? "" : text.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = FORM.matcher(t);
        if (t.isEmpty() || !m.matches()) {
            throw new UsageException(
                    field,
                    "'" + (text == null ? "" : text.strip())
                            + "' is not a duration; write a number with s, m or h, e.g. 90s, 30m, 2h");
        }
        Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
        if (d.isZero()) {
            throw new UsageException(field, "must be longer than zero, e.g. 30s");
        }
        return d;
    }

    /** The shortest form that parses back to the same duration, e.g. {@code 1h30m}. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0 || b.length() == 0) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }

    private static long group(Matcher m, int i) {
        return m.group(i) == null ? 0 : Long.parseLong(m.group(i));
    }
}
