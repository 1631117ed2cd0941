package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Bad input, generated: every malformed duration, context or option ends in exit 2 with one line naming the option,
 * no stack trace, and no request. The API URL points at a port where nothing listens, so any request that slipped
 * through would end in exit 5 instead of 2.
 */
class BadInputPropertiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = TokenScan.secret("prop-SECRET-token");
    private static final Set<String> KNOWN = Set.of(
            "--workflow",
            "--token-file",
            "--api-url",
            "--incident-id",
            "--post-mortem-id",
            "--action-item-id",
            "--alert-id",
            "--pulse-id",
            "--context",
            "--context-file",
            "--context-entry",
            "--immediate",
            "--check-conditions",
            "--wait",
            "--timeout",
            "--poll-interval",
            "--request-timeout",
            "--completed-with-errors",
            "--output",
            "--dotenv",
            "--no-ci-context",
            "--verbose",
            "--help",
            "--version");

    /** Exit code and stderr of one in-process run against a URL where nothing listens. */
    private record Run(int exit, String stderr, String stdout) {}

    private static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.execute(
                args.toArray(String[]::new),
                new Environment(Map.of("ROOTLY_API_TOKEN", TOKEN, "ROOTLY_API_URL", "http://127.0.0.1:9")),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(
                exit,
                TokenScan.capture("stderr", err.toString(StandardCharsets.UTF_8)),
                TokenScan.capture("stdout", out.toString(StandardCharsets.UTF_8)));
    }

    private static void assertUsageError(Run r, String option) {
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).as(r.stderr()).hasSize(1);
        assertThat(r.stderr())
                .startsWith("rootly-workflow-run: ")
                .contains(option)
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("prop-SECRET-token");
        assertThat(r.stdout()).isEmpty();
    }

    @Provide
    Arbitrary<String> notDurations() {
        return Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(s -> !s.isBlank() && !s.trim().toLowerCase().matches("(\\d{1,6}h)?(\\d{1,7}m)?(\\d{1,9}s)?"));
    }

    @Property(tries = 150)
    void anyMalformedDurationIsAUsageError(
            @ForAll("notDurations") String text, @ForAll("durationOptions") String option) {
        assertUsageError(run(List.of("--workflow", "w", option + "=" + text)), option);
    }

    @Provide
    Arbitrary<String> durationOptions() {
        return Arbitraries.of("--timeout", "--poll-interval", "--request-timeout");
    }

    @Provide
    Arbitrary<String> notJsonObjects() {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(40);
        Arbitrary<String> otherJson = Arbitraries.oneOf(
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.strings().alpha().ofMaxLength(10).map(s -> "\"" + s + "\""),
                Arbitraries.strings().numeric().ofMaxLength(5).map(s -> "[" + s + "]"),
                Arbitraries.of("null", "true", "false", "[]", "[{}]"));
        return Arbitraries.oneOf(text, otherJson).filter(s -> !s.isBlank() && !isJsonObject(s));
    }

    private static boolean isJsonObject(String s) {
        try {
            JsonNode n = JSON.readTree(s);
            return n != null && n.isObject();
        } catch (Exception e) {
            return false;
        }
    }

    @Property(tries = 150)
    void anyContextThatIsNotAJsonObjectIsAUsageError(@ForAll("notJsonObjects") String context) {
        assertUsageError(run(List.of("--workflow", "w", "--context=" + context)), "--context");
    }

    @Provide
    Arbitrary<String> unknownOptions() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withChars('-')
                .ofMinLength(1)
                .ofMaxLength(15)
                .map(s -> "--" + s)
                .filter(s -> KNOWN.stream().noneMatch(k -> k.startsWith(s)) && !s.equals("--"));
    }

    @Property(tries = 150)
    void anyUnknownOptionIsAUsageError(@ForAll("unknownOptions") String option) {
        Run r = run(List.of("--workflow", "w", option));
        assertThat(r.exit()).as(r.stderr()).isEqualTo(2);
        assertThat(r.stderr().lines().toList()).hasSize(1);
        assertThat(r.stderr()).contains(option).doesNotContain("Exception");
    }

    @Provide
    Arbitrary<List<String>> targetPairs() {
        Arbitrary<String> flag =
                Arbitraries.of("--incident-id", "--post-mortem-id", "--action-item-id", "--alert-id", "--pulse-id");
        Arbitrary<String> id =
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
        return Combinators.combine(flag, flag, id, id)
                .filter((a, b, x, y) -> !a.equals(b))
                .as((a, b, x, y) -> List.of(a, x, b, y));
    }

    @Property(tries = 50)
    void anyTwoTargetsAreAUsageError(@ForAll("targetPairs") List<String> targets) {
        List<String> args = new ArrayList<>(List.of("--workflow", "w"));
        args.addAll(targets);
        Run r = run(args);
        assertUsageError(r, "at most one target");
        assertThat(r.stderr()).containsAnyOf(targets.get(0) + ":", targets.get(2) + ":");
    }

    @Property(tries = 300)
    void durationsEitherParseOrNameTheField(@ForAll String text) {
        try {
            Duration d = Durations.parse("timeout", text);
            assertThat(d).isPositive();
            assertThat(Durations.parse("timeout", Durations.format(d))).isEqualTo(d);
        } catch (UsageException e) {
            assertThat(e.field()).isEqualTo("timeout");
            assertThat(e.getMessage()).doesNotContain("\n");
        }
    }

    @Property(tries = 200)
    void wellFormedDurationsRoundTrip(
            @ForAll @IntRange(max = 99) int h, @ForAll @IntRange(max = 59) int m, @ForAll @IntRange(max = 59) int s) {
        String text = (h > 0 ? h + "h" : "") + (m > 0 ? m + "m" : "") + (s > 0 || h + m == 0 ? s + "s" : "");
        if (h + m + s == 0) {
            return; // zero is refused on purpose
        }
        assertThat(Durations.parse("timeout", text)).isEqualTo(Duration.ofSeconds(h * 3600L + m * 60L + s));
    }
}
