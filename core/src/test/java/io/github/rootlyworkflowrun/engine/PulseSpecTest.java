package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.KeyValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad pulse input becomes one UsageException naming the field and the fix. */
class PulseSpecTest {
    private static PulseSpec.Builder valid() {
        return PulseSpec.builder().token("tok", "ROOTLY_API_TOKEN").summary("Deploy api 1.4.2");
    }

    private static void rejects(UnaryOperator<PulseSpec.Builder> input, String field, String problem) {
        assertThatThrownBy(() -> input.apply(valid()).build()).isInstanceOfSatisfying(UsageException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.problem()).contains(problem);
            assertThat(e.getMessage()).doesNotContain("\n");
        });
    }

    @Test
    void defaultsFollowTheContract() {
        PulseSpec spec = valid().build();

        assertThat(spec.apiUrl()).isEqualTo("https://api.rootly.com");
        assertThat(spec.summary()).isEqualTo("Deploy api 1.4.2");
        assertThat(spec.source()).isEqualTo("rootly-workflow-run");
        assertThat(spec.services()).isEmpty();
        assertThat(spec.environments()).isEmpty();
        assertThat(spec.labels()).isEmpty();
        assertThat(spec.refs()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("request_id");
            assertThat(r.value()).isEqualTo(spec.requestId()).hasSize(36);
        });
        assertThat(spec.startedAt()).as("now, when created").isNull();
        assertThat(spec.endedAt()).isNull();
        assertThat(spec.externalUrl()).isNull();
        assertThat(spec.data()).isNull();
        assertThat(spec.waitForTriggered()).isFalse();
        assertThat(spec.settle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.UNSTABLE);
        assertThat(spec.tokenSource()).isEqualTo("ROOTLY_API_TOKEN");
        assertThat(spec.toString()).doesNotContain("tok,").contains("Deploy api 1.4.2");
        assertThat(valid().build().requestId()).as("fresh per spec").isNotEqualTo(spec.requestId());
    }

    @Test
    void everyOptionIsKept() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("team", "payments");
        labels.put("tier", 1);
        PulseSpec spec = valid().apiUrl("http://127.0.0.1:8080/")
                .token(ApiToken.of("t"), "credentials 'rootly'")
                .source("  ")
                .source("jenkins")
                .services(Arrays.asList("api", "", null, "web", "api"))
                .environments(List.of("production"))
                .environment(" ")
                .labels(labels)
                .label("team=platform")
                .refs(Map.of("image", "api:1"))
                .ref("empty=")
                .externalUrl(" https://ci.example.com/42 ")
                .startedAt("2026-03-01T12:00:00+02:00")
                .endedAt("2026-03-01T10:30Z")
                .data(Map.of("version", "1.4.2"))
                .waitForTriggered(true)
                .settle("45s")
                .timeout("1h")
                .pollInterval("5s")
                .completedWithErrors("failure")
                .requestId(" rid ")
                .build();

        assertThat(spec.apiUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(spec.tokenSource()).isEqualTo("credentials 'rootly'");
        assertThat(spec.source()).isEqualTo("jenkins");
        assertThat(spec.services()).containsExactly("api", "web");
        assertThat(spec.environments()).containsExactly("production");
        assertThat(spec.labels()).containsExactly(new KeyValue("team", "platform"), new KeyValue("tier", "1"));
        assertThat(spec.refs())
                .containsExactly(
                        new KeyValue("image", "api:1"), new KeyValue("empty", ""), new KeyValue("request_id", "rid"));
        assertThat(spec.externalUrl()).isEqualTo("https://ci.example.com/42");
        assertThat(spec.startedAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(spec.endedAt()).isEqualTo(Instant.parse("2026-03-01T10:30:00Z"));
        assertThat(spec.data()).containsExactly(Map.entry("version", "1.4.2"));
        assertThat(spec.waitForTriggered()).isTrue();
        assertThat(spec.settle()).isEqualTo(Duration.ofSeconds(45));
        assertThat(spec.timeout()).isEqualTo(Duration.ofHours(1));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.FAILURE);
        assertThat(spec.requestId()).isEqualTo("rid");
        assertThat(valid().dataJson("{\"a\":[1,2]}").build().data()).containsEntry("a", List.of(1, 2));
        assertThat(valid().dataJson(" ").data(null).externalUrl("").build().data())
                .isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "summary||is required",
                "summary|   |is required",
                "source|a\\nb|must be a single line",
                "services|a\\nb|must be a single line",
                "labels|novalue|is not key=value with a non-blank key, e.g. team=payments",
                "labels|=v|is not key=value with a non-blank key",
                "refs| =v|is not key=value with a non-blank key, e.g. image=api:1.4.2",
                "refs|request_id=x|is set by this tool to recognise its pulse",
                "startedAt|yesterday|is not an ISO-8601 time with an offset",
                "endedAt|2026-03-01T10:00:00|is not an ISO-8601 time with an offset",
                "externalUrl|ci.example.com/42|is not an http(s) URL",
                "data|[1]|must be a JSON object",
                "data|{|is not valid JSON",
                "data|{} {}|has more text after the JSON object",
                "settle|soon|is not a duration",
                "timeout|0s|must be longer than zero",
                "pollInterval|x|is not a duration",
                "completedWithErrors|maybe|is not one of success, unstable, failure",
                "apiUrl|http://rootly.example.com|plain HTTP is refused",
            })
    void badInputNamesTheFieldAndTheFix(String field, String value, String problem) {
        String v = value == null ? null : value.replace("\\n", "\n");
        rejects(
                b -> switch (field) {
                    case "summary" -> b.summary(v);
                    case "source" -> b.source(v);
                    case "services" -> b.service(v);
                    case "labels" -> b.label(v);
                    case "refs" -> b.ref(v);
                    case "startedAt" -> b.startedAt(v);
                    case "endedAt" -> b.endedAt(v);
                    case "externalUrl" -> b.externalUrl(v);
                    case "data" -> b.dataJson(v);
                    case "settle" -> b.settle(v);
                    case "timeout" -> b.timeout(v);
                    case "pollInterval" -> b.pollInterval(v);
                    case "completedWithErrors" -> b.completedWithErrors(v);
                    default -> b.apiUrl(v);
                },
                field,
                problem);
    }

    @Test
    void crossFieldChecks() {
        rejects(b -> b.summary("Deploy\napi"), "summary", "must be a single line");
        rejects(b -> b.summary("x".repeat(1025)), "summary", "the limit is 1024");
        rejects(b -> b.settle("45m"), "settle", "45m is longer than the timeout (30m)");
        rejects(
                b -> b.startedAt("2026-03-01T12:00:00Z").endedAt("2026-03-01T11:00:00Z"),
                "endedAt",
                "is before startedAt");
        rejects(b -> b.pollInterval("0s"), "pollInterval", "must be longer than zero");
        rejects(b -> b.dataJson("{\"k\":\"" + "x".repeat(RunSpec.MAX_CONTEXT_BYTES) + "\"}"), "data", "the limit is");
        rejects(b -> b.data(Map.of("k", "x".repeat(RunSpec.MAX_CONTEXT_BYTES))), "data", "the limit is");
        rejects(b -> b.data(Map.of("k", new Object())), "data", "cannot be sent as JSON");
        rejects(b -> b.labels(Map.of("k", List.of(1))), "labels", "'k' is a JSON array; each value must be text");
        rejects(b -> b.refs(Collections.singletonMap("k", null)), "refs", "'k' has no value");
        rejects(b -> b.label(" ", "v"), "labels", "a key is blank");
        rejects(b -> b.ref("request_id", "mine"), "refs", "is set by this tool");
        rejects(b -> b.ciRefs(Map.of("request_id", "ci")), "refs", "is set by this tool");
    }

    @Test
    void theTokenIsCheckedAsForRuns() {
        assertThatThrownBy(() -> PulseSpec.builder().summary("s").build())
                .isInstanceOfSatisfying(
                        UsageException.class, e -> assertThat(e.field()).isEqualTo("credentialsId"));
        assertThatThrownBy(() -> PulseSpec.builder().token("a b", "ROOTLY_API_TOKEN"))
                .isInstanceOfSatisfying(
                        UsageException.class,
                        e -> assertThat(e.problem()).contains("holds a space").doesNotContain("a b"));
    }

    @Test
    void theResultOfBadInputIsAUsageError() {
        PulseResult r = PulseResult.usageError("summary: is required");

        assertThat(r.outcome()).isEqualTo(Outcome.USAGE_ERROR);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.buildResult()).isEqualTo(BuildResult.FAILURE);
        assertThat(r.fields())
                .containsEntry("outcome", "USAGE_ERROR")
                .containsEntry("pulse_id", null)
                .containsEntry("runs", List.of())
                .containsEntry("elapsed_seconds", 0L)
                .containsEntry("api_requests", 0);
        assertThat(r.runIds()).isEmpty();
    }
}
