package io.github.rootlyworkflowrun.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Rootly's X-Rootly-Signature check: HMAC-SHA256 over the timestamp followed by the raw body. */
public final class WebhookSignature {
    public static final String HEADER = "X-Rootly-Signature";
    /** How far a signature's timestamp may be from our clock, either way; further off it may be a replay. */
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_HEX_LENGTH = 64;
    /** Unix seconds fit in 12 digits for 30,000 years; longer is not a timestamp, and could overflow a long. */
    private static final int MAX_TIMESTAMP_DIGITS = 12;

    private final SecretKeySpec key;

    private WebhookSignature(SecretKeySpec key) {
        this.key = key;
    }

    /**
     * The check for one webhook secret. Surrounding whitespace (a secret file's trailing newline) is not part of the
     * secret; a blank secret is refused, since it would let anyone sign.
     */
    public static WebhookSignature of(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        return new WebhookSignature(new SecretKeySpec(secret.strip().getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }

    /**
     * Whether {@code header} signs {@code body} with this secret at a time within {@link #TOLERANCE} of {@code now}.
     * False for a missing or malformed header, bad hex, a wrong MAC or a stale timestamp.
     */
    public boolean matches(String header, byte[] body, Instant now) {
        return check(header, body, now) == Verdict.VALID;
    }

    /** The header value Rootly would send for {@code body} signed at {@code at}: {@code t=<unix seconds>,v1=<hex>}. */
    public String sign(Instant at, byte[] body) {
        String t = Long.toString(at.getEpochSecond());
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, body));
    }

    /** Why a signature is refused, in words an operator can act on; never the secret or the expected MAC. */
    enum Verdict {
        VALID("valid signature"),
        MISSING("no " + HEADER + " header"),
        MALFORMED(HEADER + " is not of the form t=<unix seconds>,v1=<hex>"),
        WRONG("the signature does not match: check that the webhook secret is the one Rootly has"),
        STALE("the signature's timestamp is more than " + TOLERANCE.toMinutes()
                + " minutes from this clock: a replay, or a clock that is off");

        final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }

    Verdict check(String header, byte[] body, Instant now) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        String t = null;
        byte[] given = null;
        for (String part : header.split(",", -1)) {
            String item = part.strip();
            int eq = item.indexOf('=');
            if (eq <= 0) {
                return Verdict.MALFORMED;
            }
            String name = item.substring(0, eq);
            String value = item.substring(eq + 1);
            if (name.equals("t")) {
                if (t != null || !isTimestamp(value)) {
                    return Verdict.MALFORMED;
                }
                t = value;
            } else if (name.equals("v1")) {
                if (given != null || value.length() != MAC_HEX_LENGTH) {
                    return Verdict.MALFORMED;
                }
                try {
                    given = HexFormat.of().parseHex(value);
                } catch (IllegalArgumentException e) {
                    return Verdict.MALFORMED;
                }
            }
            // Other names (a future scheme version) are skipped, as other webhook verifiers do.
        }
        if (t == null || given == null) {
            return Verdict.MALFORMED;
        }
        // The MAC is computed and compared whatever the timestamp, so timing does not tell which check failed.
        boolean macOk = MessageDigest.isEqual(mac(t, body == null ? new byte[0] : body), given);
        if (!macOk) {
            return Verdict.WRONG;
        }
        Duration off =
                Duration.between(Instant.ofEpochSecond(Long.parseLong(t)), now).abs();
        return off.compareTo(TOLERANCE) > 0 ? Verdict.STALE : Verdict.VALID;
    }

    private static boolean isTimestamp(String value) {
        if (value.isEmpty() || value.length() > MAX_TIMESTAMP_DIGITS) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private byte[] mac(String timestamp, byte[] body) {
        try {
            // A Mac is not thread-safe and cheap to make; one per check keeps this object immutable.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256 (javax.crypto.Mac's documentation).
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSignature[secret redacted]";
    }
}
