package io.github.rootlyworkflowrun.api;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * What a response said about rate limiting. Rootly has used both {@code X-RateLimit-*} and {@code RateLimit-*}
 * spellings; both are read, and {@code Retry-After} is honoured though Rootly does not document it.
 */
public record RateLimit(Integer limit, Integer remaining, Instant reset, Duration retryAfter) {
    /** Below this many remaining requests the engine spreads its calls over the rest of the window. */
    static final int LOW_WATER = 2;

    /**
     * The farthest a header may push a pause (about 300 years). Larger values are kept as "far in the future"
     * rather than refused, so the caller's own cap decides; this bound only keeps later arithmetic (millisecond
     * conversions, instant plus duration) from overflowing.
     */
    static final long MAX_SECONDS = 10_000_000_000L;

    /** A number, optionally followed by parameters ({@code 5;w=60}), as the IETF drafts allow. */
    private static final Pattern NUMBER = Pattern.compile("(\\d+)\\s*(?:[;,].*)?");

    private static final int MAX_QUOTED = 40;

    static final RateLimit NONE = new RateLimit(null, null, null, null);

    /** The headers read, and a description of each header that was present but unreadable and so ignored. */
    record Parsed(RateLimit rateLimit, List<String> ignored) {}

    static RateLimit from(Headers headers, Instant now) {
        return parse(headers, now).rateLimit();
    }

    /**
     * Reads the rate-limit headers. Never throws: a malformed header must not turn an answer (a 201 above all) into
     * a failure, so it is ignored and named in {@link Parsed#ignored()} for a warning.
     */
    static Parsed parse(Headers headers, Instant now) {
        List<String> ignored = new ArrayList<>();
        Long limit = number(headers, ignored, "X-RateLimit-Limit", "RateLimit-Limit");
        Long remaining = number(headers, ignored, "X-RateLimit-Remaining", "RateLimit-Remaining");
        Long reset = number(headers, ignored, "X-RateLimit-Reset", "RateLimit-Reset");
        Duration retryAfter = retryAfter(headers.get("Retry-After"), now, ignored);
        RateLimit rateLimit = new RateLimit(
                asInt(limit), asInt(remaining), reset == null ? null : resetInstant(reset, now), retryAfter);
        return new Parsed(rateLimit, List.copyOf(ignored));
    }

    /**
     * How long to pace the next request when the remaining budget is low. {@code Retry-After} is not used here:
     * it belongs to the 429 that carried it and is honoured once, by the retry.
     */
    public Duration delayBeforeNext(Instant now) {
        if (remaining == null || reset == null || !reset.isAfter(now) || remaining > LOW_WATER) {
            return Duration.ZERO;
        }
        Duration untilReset = Duration.between(now, reset);
        return remaining <= 0 ? untilReset : untilReset.dividedBy(remaining + 1L);
    }

    /** How long a 429 asks us to wait, or null when the response gave no hint. */
    public Duration waitAfter429(Instant now) {
        if (retryAfter != null) {
            return retryAfter;
        }
        if (reset != null) {
            // One second past the reset, as the reset second itself may still be inside the window.
            return reset.isAfter(now) ? Duration.between(now, reset).plusSeconds(1) : Duration.ofSeconds(1);
        }
        return null;
    }

    private static Long number(Headers headers, List<String> ignored, String a, String b) {
        String name = headers.get(a) != null ? a : b;
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = NUMBER.matcher(value.trim());
        if (!m.matches()) {
            ignored.add(describe(name, value));
            return null;
        }
        return clamp(m.group(1));
    }

    /** Digits only, so the one way to fail is a number too big for a long: that is "far", not unreadable. */
    private static long clamp(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 11 ? MAX_SECONDS : Math.min(MAX_SECONDS, Long.parseLong(significant));
    }

    private static Integer asInt(Long n) {
        return n == null ? null : (int) Math.min(Integer.MAX_VALUE, n);
    }

    private static Instant resetInstant(long n, Instant now) {
        // Rootly sends epoch seconds; the IETF draft header carries seconds-from-now. Tell them apart by size.
        Instant at = n > 1_000_000_000L ? Instant.ofEpochSecond(n) : now.plusSeconds(n);
        Instant farthest = now.plusSeconds(MAX_SECONDS);
        return at.isAfter(farthest) ? farthest : at;
    }

    private static Duration retryAfter(String value, Instant now, List<String> ignored) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Duration.ofSeconds(clamp(v));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            return wait.getSeconds() > MAX_SECONDS ? Duration.ofSeconds(MAX_SECONDS) : wait;
        } catch (DateTimeException e) {
            ignored.add(describe("Retry-After", value));
            return null;
        }
    }

    /** Server text, so it is quoted short and with control characters shown as '?': it goes into logs. */
    private static String describe(String name, String value) {
        String shown = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
        StringBuilder safe = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> safe.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return name + " '" + safe + "'";
    }
}
