package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.testing.ApiJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RunEngine.nudge: what a webhook does to the waits, below the inbox. Polls are every 10 s after the backoff. */
class NudgeTest extends EngineTestBase {
    private Instant start;

    @BeforeEach
    void startTime() {
        start = scheduler.clock().instant();
    }

    private CompletableFuture<RunResult> await(String runId, String token) {
        return engine.await(
                ticket(runId, "Into the Wild", start, Duration.ofMinutes(30), 1), ApiToken.of(token), events::add);
    }

    /** When each list request was sent, in milliseconds from the start. */
    private List<Long> listedAt() {
        return rootly.seen().stream()
                .filter(s -> s.method().equals("GET"))
                .map(s -> Duration.between(start, s.at()).toMillis())
                .toList();
    }

    @Test
    void aNudgeBringsThePollForwardAndTheWaitThenPollsOnlyAtItsInterval() {
        rootly.existingRun("mine", "req-1", start, "started", "started", "started", "completed");
        CompletableFuture<RunResult> wait = await("mine", TOKEN);

        assertThat(engine.nudge("mine")).isTrue();

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(listedAt())
                .as("webhooks reach this wait: no 3 s, 9 s ramp, the 10 s interval at once")
                .containsExactly(0L, 10_000L, 20_000L);
        assertThat(eventsOf(ProgressEvent.ChangeReported.class))
                .containsExactly(new ProgressEvent.ChangeReported("mine", Duration.ZERO));
    }

    @Test
    void progressShortOfAnEndPollsNothingButEndsTheRamp() {
        rootly.existingRun("mine", "req-1", start, "started", "started", "completed");
        CompletableFuture<RunResult> wait = await("mine", TOKEN);

        assertThat(engine.nudge("mine", false)).isTrue();

        assertThat(scheduler.pending()).as("still only the first poll").isEqualTo(1);
        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(listedAt())
                .as("the first poll at 1 s stays; then the interval, not 3 s later")
                .containsExactly(1_000L, 11_000L);
        assertThat(eventsOf(ProgressEvent.ChangeReported.class)).isEmpty();
    }

    @Test
    void withoutWebhooksTheRampStays() {
        rootly.existingRun("mine", "req-1", start, "started", "started", "started", "completed");
        CompletableFuture<RunResult> wait = await("mine", TOKEN);

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(listedAt()).containsExactly(1_000L, 4_000L, 13_000L);
    }

    @Test
    void anUnknownRunIdChangesNothing() {
        rootly.existingRun("mine", "req-1", start, "started", "completed");
        CompletableFuture<RunResult> wait = await("mine", TOKEN);

        assertThat(engine.nudge("someone-elses")).isFalse();

        assertThat(scheduler.pending()).isEqualTo(1);
        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(listedAt()).containsExactly(1_000L);
        assertThat(eventsOf(ProgressEvent.ChangeReported.class)).isEmpty();
    }

    @Test
    void aRunAwaitedThroughTwoTokensIsListedThroughBoth() {
        rootly.existingRun("mine", "req-1", start, "started", "completed", "completed");
        CompletableFuture<RunResult> one = await("mine", TOKEN);
        CompletableFuture<RunResult> other = await("mine", "another-token");
        assertThat(engine.activeGroups()).isEqualTo(2);

        assertThat(engine.nudge("mine")).isTrue();

        settle(CompletableFuture.allOf(one, other));
        assertThat(listedAt()).containsExactly(0L, 0L);
        assertThat(one.join().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(other.join().outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aNudgeStillWaitsForRootlysRateLimitBudget() {
        rootly.existingRun("mine", "req-1", start, "started", "completed");
        rootly.onList(new MockResponse.Builder()
                .code(200)
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", start.plusSeconds(61).getEpochSecond())
                .body(ApiJson.list(List.of(ApiJson.run("mine", "started", start, "req-1")), 1, 1))
                .build());
        CompletableFuture<RunResult> wait = await("mine", TOKEN);
        while (listedAt().isEmpty()) {
            scheduler.runNextDue();
        }

        assertThat(engine.nudge("mine")).isTrue();

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(listedAt()).hasSize(2).last().isEqualTo(61_000L);
        assertThat(eventsOf(ProgressEvent.Pacing.class)).isNotEmpty();
    }

    @Test
    void aWaitBegunDuringATickAndNudgedIsListedRightAfterIt() {
        rootly.existingRun("mine", "req-1", start, "started");
        rootly.existingRun("late", "req-2", start, "started", "completed");
        rootly.onList(rateLimited(30));
        CompletableFuture<RunResult> mine = await("mine", TOKEN);
        while (listedAt().isEmpty()) {
            scheduler.runNextDue(); // the 1 s listing is rate limited: the tick waits until 31 s to try again
        }
        scheduler.clock().set(start.plusMillis(30_500));
        CompletableFuture<RunResult> late = await("late", TOKEN); // its own first poll would be at 31.5 s

        assertThat(engine.nudge("late")).isTrue();

        assertThat(settle(late).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(listedAt()).containsExactly(1_000L, 31_000L, 31_000L);
        assertThat(eventsOf(ProgressEvent.ChangeReported.class))
                .containsExactly(new ProgressEvent.ChangeReported("late", null));
        assertThat(mine).isNotDone();
    }

    private static MockResponse rateLimited(int seconds) {
        return new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", seconds)
                .body("{\"error\": \"Rate limit exceeded. Try again later.\"}")
                .build();
    }
}
