package io.github.rootlyworkflowrun.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The X-Rootly-Signature check against vectors computed apart from the class under test. */
class WebhookSignatureTest {
    private static final String SECRET = "whsec_test_0123456789";
    private static final Instant AT = Instant.ofEpochSecond(1_764_417_600L); // 2025-11-29T12:00:00Z
    private static final byte[] BODY = "{\"event\":{\"id\":\"e1\"}}".getBytes(StandardCharsets.UTF_8);
    /** Python: hmac.new(b'whsec_test_0123456789', b'1764417600' + BODY, hashlib.sha256).hexdigest() */
    private static final String KNOWN_HEX = "9fb36d422dd15299cdb0af2f12b7ee717cb7eda72df04ae010ce33b98e8079a2";

    private final WebhookSignature signature = WebhookSignature.of(SECRET);

    /** HMAC-SHA256 over the timestamp string followed by the body, computed here with javax.crypto directly. */
    private static String hmac(String secret, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void signsAsRootlyDoes() throws Exception {
        assertThat(hmac(SECRET, "1764417600", BODY)).isEqualTo(KNOWN_HEX);
        assertThat(signature.sign(AT, BODY)).isEqualTo("t=1764417600,v1=" + KNOWN_HEX);
    }

    @Test
    void acceptsAnIndependentlyComputedSignature() throws Exception {
        String header = "t=1764417600,v1=" + hmac(SECRET, "1764417600", BODY);

        assertThat(signature.matches(header, BODY, AT)).isTrue();
        assertThat(signature.matches(
                        header.toUpperCase(java.util.Locale.ROOT)
                                .replace("T=", "t=")
                                .replace("V1=", "v1="),
                        BODY,
                        AT))
                .as("hex in capitals")
                .isTrue();
        assertThat(signature.matches(" v1=" + KNOWN_HEX + " , t=1764417600 ", BODY, AT))
                .as("any order, spaces around parts")
                .isTrue();
        assertThat(signature.matches("t=1764417600,v0=abc,v1=" + KNOWN_HEX, BODY, AT))
                .as("other schemes are skipped")
                .isTrue();
    }

    @Test
    void refusesAnotherSecretABodyChangedByOneByteOrAMacWrongInItsLastDigit() {
        assertThat(WebhookSignature.of("another-secret").matches(signature.sign(AT, BODY), BODY, AT))
                .isFalse();
        byte[] changed = BODY.clone();
        changed[changed.length - 2] ^= 1;
        assertThat(signature.matches(signature.sign(AT, BODY), changed, AT)).isFalse();
        char last = KNOWN_HEX.charAt(63);
        String wrongLast = KNOWN_HEX.substring(0, 63) + (last == '0' ? '1' : '0');
        assertThat(signature.check("t=1764417600,v1=" + wrongLast, BODY, AT)).isEqualTo(WebhookSignature.Verdict.WRONG);
        assertThat(signature.matches("t=1764417601,v1=" + KNOWN_HEX, BODY, AT))
                .as("the timestamp is signed too")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "v1=" + KNOWN_HEX,
                "t=1764417600",
                "t=1764417600,v1=",
                "t=1764417600,v1=" + KNOWN_HEX + "00",
                "t=1764417600,v1=" + "zz" + "b36d422dd15299cdb0af2f12b7ee717cb7eda72df04ae010ce33b98e8079a2",
                "t=-1764417600,v1=" + KNOWN_HEX,
                "t=17644.17600,v1=" + KNOWN_HEX,
                "t=9999999999999999999999,v1=" + KNOWN_HEX,
                "t=,v1=" + KNOWN_HEX,
                "t=1764417600,t=1764417600,v1=" + KNOWN_HEX,
                "t=1764417600,v1=" + KNOWN_HEX + ",v1=" + KNOWN_HEX,
                "t=1764417600;v1=" + KNOWN_HEX,
                "sha256=" + KNOWN_HEX,
                "garbage",
            })
    void refusesMalformedHeaders(String header) {
        assertThat(signature.matches(header, BODY, AT)).isFalse();
        assertThat(signature.check(header, BODY, AT)).isEqualTo(WebhookSignature.Verdict.MALFORMED);
    }

    @Test
    void refusesAMissingHeader() {
        assertThat(signature.matches(null, BODY, AT)).isFalse();
        assertThat(signature.check("  ", BODY, AT)).isEqualTo(WebhookSignature.Verdict.MISSING);
    }

    @Test
    void acceptsTimestampsUpToFiveMinutesEitherWayAndNoFurther() {
        String header = signature.sign(AT, BODY);

        assertThat(signature.matches(header, BODY, AT.plus(WebhookSignature.TOLERANCE)))
                .isTrue();
        assertThat(signature.matches(header, BODY, AT.minus(WebhookSignature.TOLERANCE)))
                .isTrue();
        assertThat(signature.check(
                        header, BODY, AT.plus(WebhookSignature.TOLERANCE).plusSeconds(1)))
                .isEqualTo(WebhookSignature.Verdict.STALE);
        assertThat(signature.check(header, BODY, AT.minus(Duration.ofMinutes(6))))
                .isEqualTo(WebhookSignature.Verdict.STALE);
    }

    @Test
    void anEmptyBodyIsSignedLikeAnyOther() throws Exception {
        String header = "t=1764417600,v1=" + hmac(SECRET, "1764417600", new byte[0]);

        assertThat(signature.matches(header, new byte[0], AT)).isTrue();
        assertThat(signature.matches(header, null, AT)).isTrue();
    }

    @Test
    void aSecretIsReadWithoutTheWhitespaceAroundIt() {
        assertThat(WebhookSignature.of("  " + SECRET + "\n").sign(AT, BODY)).isEqualTo(signature.sign(AT, BODY));
    }

    @Test
    void refusesABlankSecret() {
        assertThatThrownBy(() -> WebhookSignature.of(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebhookSignature.of(" \n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("webhook secret is empty");
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(signature.toString()).doesNotContain(SECRET).contains("redacted");
        for (WebhookSignature.Verdict v : WebhookSignature.Verdict.values()) {
            assertThat(v.reason).doesNotContain(SECRET);
        }
    }

    @Test
    void comparesInConstantTime() throws Exception {
        // MessageDigest.isEqual's time depends on the lengths only, which are fixed; this checks the check uses it,
        // and not an early-exit comparison such as String.equals, by reading the compiled class's constant pool.
        byte[] bytecode;
        try (var in = WebhookSignature.class.getResourceAsStream("WebhookSignature.class")) {
            bytecode = in.readAllBytes();
        }
        String pool = new String(bytecode, StandardCharsets.ISO_8859_1);
        assertThat(pool).contains("java/security/MessageDigest").contains("isEqual");
    }
}
