package io.github.rootlyworkflowrun.api;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;

/**
 * What a response said about rate limiting. Rootly has used both {@code X-RateLimit-*} and {@code RateLimit-*}
 * spellings; both are read, and {@code Retry-After} is honoured though Rootly does not document it.
 */
public record RateLimit(Integer limit, Integer remaining, Instant reset, Duration retryAfter) {
    /** Below this many remaining requests the engine spreads its calls over the rest of the window. */
    static final int LOW_WATER = 2;

    public static final RateLimit NONE = new RateLimit(null, null, null, null);

    static RateLimit from(Headers headers, Instant now) {
        Integer limit = leadingInt(first(headers, "X-RateLimit-Limit", "RateLimit-Limit"));
        Integer remaining = leadingInt(first(headers, "X-RateLimit-Remaining", "RateLimit-Remaining"));
        Instant reset = resetInstant(first(headers, "X-RateLimit-Reset", "RateLimit-Reset"), now);
        Duration retryAfter = retryAfter(headers.get("Retry-After"), now);
        return new RateLimit(limit, remaining, reset, retryAfter);
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

    private static String first(Headers headers, String a, String b) {
        String value = headers.get(a);
        return value != null ? value : headers.get(b);
    }

    private static Integer leadingInt(String value) {
        Long n = leadingLong(value);
        return n == null || n > Integer.MAX_VALUE ? null : n.intValue();
    }

    private static Long leadingLong(String value) {
        if (value == null) {
            return null;
        }
        String digits = value.trim().split("[^0-9]", 2)[0];
        try {
            return digits.isEmpty() ? null : Long.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant resetInstant(String value, Instant now) {
        Long n = leadingLong(value);
        if (n == null) {
            return null;
        }
        // Rootly sends epoch seconds; the IETF draft header carries seconds-from-now. Tell them apart by size.
        return n > 1_000_000_000L ? Instant.ofEpochSecond(n) : now.plusSeconds(n);
    }

    private static Duration retryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
