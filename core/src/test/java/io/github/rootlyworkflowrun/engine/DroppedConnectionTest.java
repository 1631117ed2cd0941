package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/** A connection dropped after the request is read is worded in the product's words, not OkHttp's. */
class DroppedConnectionTest extends EngineTestBase {

    private static MockResponse dropAfterReading() {
        return new MockResponse.Builder()
                .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                .build();
    }

    @Test
    void aRetriedListAfterADroppedConnectionSaysTheConnectionClosed() {
        rootly.nextRunGoesThrough("queued", "completed");
        for (int i = 0; i < 3; i++) {
            rootly.onList(dropAfterReading()); // more than the one silent repeat a stale pooled connection gets
        }

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.Retrying.class)).isNotEmpty().allSatisfy(r -> {
            assertThat(r.describe()).startsWith("Retrying GET ").doesNotContain("unexpected end of stream");
            assertThat(r.reason()).isEqualTo("no response, the connection closed before an answer came");
        });
    }

    @Test
    void aListThatTimesOutSaysNoAnswerCameInTime() {
        rootly.nextRunGoesThrough("queued", "completed");
        rootly.onList(new MockResponse.Builder()
                .onResponseStart(SocketEffect.Stall.INSTANCE)
                .build()); // the engine's client gives a stalled call a short read timeout

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.Retrying.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .isEqualTo("no response, no answer in time"));
    }

    @Test
    void aCreateAnsweredByADroppedConnectionSaysSoWhileItLooksForTheRun() {
        rootly.createEvenWhenOverridden().onPost(dropAfterReading());

        RunResult result = run(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(eventsOf(ProgressEvent.Reconciling.class)).singleElement().satisfies(r -> assertThat(r.describe())
                .contains("the connection closed before an answer came")
                .doesNotContain("unexpected end of stream"));
    }
}
