package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.Target;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad input becomes one UsageException naming the field and the fix. */
class RunSpecTest {
    private static RunSpec.Builder valid() {
        return RunSpec.builder().token("tok", "ROOTLY_API_TOKEN").workflow("deploy-notify");
    }

    @Test
    void defaultsFollowTheContract() {
        RunSpec spec = valid().build();

        assertThat(spec.apiUrl()).isEqualTo("https://api.rootly.com");
        assertThat(spec.immediate()).isTrue();
        assertThat(spec.checkConditions()).isFalse();
        assertThat(spec.waitForCompletion()).isFalse();
        assertThat(spec.timeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(spec.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.completedWithErrors()).isEqualTo(CompletedWithErrorsPolicy.UNSTABLE);
        assertThat(spec.context()).isEmpty();
        assertThat(spec.requestId()).isNull();
        assertThat(spec.toString()).doesNotContain("tok\"").contains("deploy-notify");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://rootly.example.com|plain HTTP is refused",
                "ftp://x|is not an http(s) URL",
                "https://api.rootly.com?x=1|must not carry a query",
                "https://user:secret@api.rootly.com|must not carry a user name or password",
                "https://api.rootly.com/v1|ends in /v1",
                "https://gateway.example.com/rootly/V1/|ends in /v1",
                "htps://user:secret@host|'htps://***@host' is not an http(s) URL"
            })
    void apiUrlMustBeHttpsUnlessLoopback(String url, String problem) {
        assertThatThrownBy(() -> valid().apiUrl(url).build()).isInstanceOfSatisfying(UsageException.class, e -> {
            assertThat(e.field()).isEqualTo("apiUrl");
            assertThat(e.problem()).contains(problem);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:9/", "http://[::1]:80"})
    void loopbackMayUsePlainHttp(String url) {
        assertThat(valid().apiUrl(url).build().apiUrl()).doesNotEndWith("/");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"[1,2]|not array", "\"text\"|not string", "{broken|is not valid JSON"})
    void contextMustBeAJsonObject(String json, String problem) {
        assertThatThrownBy(() -> valid().contextJson(json)).isInstanceOfSatisfying(UsageException.class, e -> {
            assertThat(e.field()).isEqualTo("context");
            assertThat(e.problem()).contains(problem);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"two\nlines", "two\r\nlines", "caf\u00e9", "in side", "nul\u0000"})
    void aTokenAnHttpHeaderCannotCarryIsRefused(String token) {
        assertThatThrownBy(() -> RunSpec.builder().token(token, "ROOTLY_API_TOKEN"))
                .isInstanceOfSatisfying(UsageException.class, e -> {
                    assertThat(e.field()).isEqualTo("credentialsId");
                    assertThat(e.problem()).startsWith("the token in ROOTLY_API_TOKEN holds a");
                    assertThat(e.getMessage()).doesNotContain(token);
                });
        assertThat(RunSpec.builder().token(" tok \n", "x").workflow("w").build().token())
                .isEqualTo(ApiToken.of("tok"));
    }

    @Test
    void workflowAndContextHaveSizeLimitsAndOneObjectOnly() {
        assertThat(valid().workflow("w".repeat(255)).build().workflow()).hasSize(255);
        assertThatThrownBy(() -> valid().workflow("w".repeat(256)).build())
                .hasMessage("workflow: is 256 characters long; the limit is 255: give the workflow's id, slug or name");
        String big = "{\"a\":\"" + "\u00e9".repeat(40_000) + "\"}";
        assertThatThrownBy(() -> valid().contextJson(big))
                .hasMessageStartingWith("context: is 80008 bytes of JSON; the limit is 65536 bytes");
        for (String trailing : new String[] {"{\"a\":1} {\"b\":2}", "{\"a\":1}]", "{} x"}) {
            assertThatThrownBy(() -> valid().contextJson(trailing))
                    .hasMessageStartingWith("context: has more text after the JSON object");
        }
        assertThat(valid().contextJson(" {\"a\":1} \n").build().context()).containsEntry("a", 1);
    }

    @Test
    void quotedInputWithLineBreaksStaysOnOneLine() {
        assertThatThrownBy(() -> valid().timeout("1\n!\u2028x\u0007").build())
                .isInstanceOfSatisfying(UsageException.class, e -> {
                    assertThat(e.problem()).startsWith("'1\\n!\\u2028x\\u0007' is not a duration");
                    assertThat(e.getMessage().lines()).hasSize(1);
                });
    }

    @Test
    void aContextMapValueJsonCannotHoldIsBadInputNamingTheKey() {
        assertThatThrownBy(() -> valid().context(Map.of("build", new Thread())))
                .isInstanceOfSatisfying(UsageException.class, e -> {
                    assertThat(e.field()).isEqualTo("context");
                    assertThat(e.problem())
                            .isEqualTo("holds a value that cannot be sent as JSON: 'build' is a java.lang.Thread;"
                                    + " use strings, numbers, booleans, lists and maps");
                });
    }

    @Test
    void contextSourcesMergeInOrderAndEntriesComeLast() {
        RunSpec spec = valid().contextJson("{\"a\":1,\"b\":{\"c\":true}}")
                .context(Map.of("a", 2))
                .contextEntry("version=1.2=3")
                .build();

        assertThat(spec.context())
                .containsEntry("a", 2)
                .containsEntry("version", "1.2=3")
                .containsKey("b");
        assertThatThrownBy(() -> valid().contextEntry("novalue"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("key=value");
    }

    @Test
    void ciContextGetsARequestIdAndUserKeysWin() {
        RunSpec spec = valid().ciContext(Map.of("provider", "github-actions", "job", "deploy"))
                .contextJson("{\"ci\":{\"job\":\"mine\"}}")
                .build();

        @SuppressWarnings("unchecked")
        Map<String, Object> ci = (Map<String, Object>) spec.context().get("ci");
        assertThat(ci).containsEntry("provider", "github-actions").containsEntry("job", "mine");
        assertThat(spec.requestId()).matches("[0-9a-f-]{36}").isEqualTo(ci.get("request_id"));
        assertThat(valid().ciContext(Map.of()).build().requestId()).isNotEqualTo(spec.requestId());
    }

    @Test
    void userCiValueThatIsNotAnObjectWinsAndLeavesNoRequestId() {
        RunSpec spec = valid().ciContext(Map.of("provider", "x"))
                .contextJson("{\"ci\":\"none\"}")
                .build();

        assertThat(spec.context()).containsEntry("ci", "none");
        assertThat(spec.requestId()).isNull();
    }

    @Test
    void missingRequiredValuesNameTheirField() {
        assertThatThrownBy(() -> RunSpec.builder().token("t", "x").build())
                .isInstanceOfSatisfying(
                        UsageException.class, e -> assertThat(e.field()).isEqualTo("workflow"));
        assertThatThrownBy(() -> RunSpec.builder().workflow("w").build())
                .isInstanceOfSatisfying(UsageException.class, e -> assertThat(e.message(f -> "--" + f))
                        .isEqualTo("--credentialsId: no API token given; provide the API token"));
        assertThatThrownBy(() -> RunSpec.builder().token("  ", "credentials 'rootly'"))
                .isInstanceOfSatisfying(
                        UsageException.class, e -> assertThat(e.problem()).contains("credentials 'rootly'"));
    }

    @Test
    void durationsAndPolicyAreValidated() {
        assertThatThrownBy(() -> valid().timeout("30x")).isInstanceOfSatisfying(UsageException.class, e -> {
            assertThat(e.field()).isEqualTo("timeout");
            assertThat(e.problem()).contains("e.g. 90s, 30m, 2h");
        });
        assertThatThrownBy(() -> valid().pollInterval("0s")).hasMessageContaining("longer than zero");
        assertThatThrownBy(() -> valid().completedWithErrors("maybe"))
                .hasMessageContaining("success, unstable, failure");
        assertThat(valid().completedWithErrors("failure").build().completedWithErrors())
                .isEqualTo(CompletedWithErrorsPolicy.FAILURE);
        assertThat(valid().timeout("1h30m").pollInterval("90s").build())
                .extracting(RunSpec::timeout, RunSpec::pollInterval)
                .containsExactly(Duration.ofMinutes(90), Duration.ofSeconds(90));
    }

    @Test
    void blankTargetsAreIgnoredAndOneTargetIsKept() {
        RunSpec spec = valid().target(Target.Kind.INCIDENT, " ")
                .target(Target.Kind.ALERT, " a-1 ")
                .build();

        assertThat(spec.target()).isEqualTo(new Target(Target.Kind.ALERT, "a-1"));
    }

    @ParameterizedTest
    @CsvSource({"90s,90", "30m,1800", "2h,7200", "1h30m,5400", "1h0m5s,3605", "5S,5"})
    void durationsParse(String text, long seconds) {
        Duration d = Durations.parse("timeout", text);
        assertThat(d).isEqualTo(Duration.ofSeconds(seconds));
        assertThat(Durations.parse("timeout", Durations.format(d))).isEqualTo(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "m", "1d", "-5s", "1.5h", "s10"})
    void badDurationsAreRefused(String text) {
        assertThatThrownBy(() -> Durations.parse("pollInterval", text)).isInstanceOf(UsageException.class);
    }
}
