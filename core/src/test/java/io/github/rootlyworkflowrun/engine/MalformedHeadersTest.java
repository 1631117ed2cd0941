package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.testing.ApiJson;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issue 10 item 4: a rate-limit header nobody can read never turns a created run into a failure. */
class MalformedHeadersTest extends EngineTestBase {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Retry-After           | soon                      | true",
                "Retry-After           | 1.5                       | true",
                "Retry-After           | 99999999999999999999      | false",
                "X-RateLimit-Reset     | tomorrow                  | true",
                "X-RateLimit-Reset     | 99999999999999999999999   | false",
                "RateLimit-Reset       | -5                        | true",
                "X-RateLimit-Remaining | lots                      | true",
                "RateLimit-Remaining   | 99999999999999999999      | false",
                "X-RateLimit-Limit     | 1e3                       | true",
            })
    void aCreatedRunWithAnUnreadableHeaderIsCreated(String header, String value, boolean warned) {
        rootly.onPost(new MockResponse.Builder()
                        .code(201)
                        .setHeader("Content-Type", "application/vnd.api+json")
                        .setHeader(header, value)
                        .body(ApiJson.single(ApiJson.run(
                                "run-77", "queued", scheduler.clock().instant(), "req-1")))
                        .build())
                .createEvenWhenOverridden();

        RunResult result = run(spec().waitForCompletion(false).build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.run().id()).isEqualTo("run-77");
        assertThat(rootly.count("POST", "/workflow_runs")).isEqualTo(1);
        List<ProgressEvent.AnswerIgnoredInPart> warnings = eventsOf(ProgressEvent.AnswerIgnoredInPart.class);
        if (warned) {
            assertThat(warnings).singleElement().satisfies(w -> assertThat(w.describe())
                    .startsWith("Warning: Ignored an unreadable rate-limit header")
                    .contains(header + " '" + value + "'")
                    .contains("POST "));
        } else {
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void aHeaderUnreadableOnEveryPollIsWarnedAboutOnce() {
        for (int i = 0; i < 3; i++) {
            rootly.onList(new MockResponse.Builder()
                    .code(200)
                    .setHeader("Content-Type", "application/vnd.api+json")
                    .addHeaderLenient("X-RateLimit-Reset", "soon\u0007")
                    .body(ApiJson.list(List.of(), 1, 1))
                    .build());
        }
        rootly.nextRunGoesThrough("queued", "queued", "queued", "queued", "completed");

        RunResult result = run(spec().waitForCompletion(true).pollInterval("1s").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.AnswerIgnoredInPart.class))
                .singleElement()
                .satisfies(w -> assertThat(w.describe()).contains("X-RateLimit-Reset 'soon?'"));
    }
}
