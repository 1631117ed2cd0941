package io.github.rootlyworkflowrun.engine;

import static io.github.rootlyworkflowrun.testing.ScriptedRootly.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.testing.ApiJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;

/**
 * Contract section 10: the timeout is a hard deadline for the whole wait, with one last check just before it, and
 * the create step has its own bound. Every clock here is the manual scheduler's.
 */
class DeadlineTest extends EngineTestBase {

    private WaitTicket ticket(String runId, Duration timeout) {
        return ticket(runId, "Into the Wild", scheduler.clock().instant(), timeout, 0);
    }

    private RunResult await(WaitTicket ticket) {
        return settle(engine.await(ticket, ApiToken.of(TOKEN), events::add));
    }

    private static MockResponse tooManyRequests(String retryAfter) {
        return new MockResponse.Builder()
                .code(429)
                .setHeader("Retry-After", retryAfter)
                .body("{\"error\": \"Rate limit exceeded. Try again later.\"}")
                .build();
    }

    private Duration elapsed() {
        return Duration.between(
                Instant.parse("2026-11-29T12:00:00Z"), scheduler.clock().instant());
    }

    @Test
    void runThatFinishedSevenSecondsBeforeATwelveSecondTimeoutIsReportedFinished() {
        // Polls at 1 s and 4 s see it started; it completes at 5 s; the next regular poll (13 s) is past the deadline.
        rootly.nextRunGoesThrough("queued", "started", "started", "completed");

        RunResult result = run(spec().waitForCompletion(true).timeout("12s").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(rootly.seen().get(rootly.seen().size() - 1).at())
                .as("the last check is made just before the deadline")
                .isEqualTo(Instant.parse("2026-11-29T12:00:11Z"));
        assertThat(elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void oneSecondTimeoutStillChecksTheRunOnce() {
        rootly.nextRunGoesThrough("queued", "completed");

        RunResult result = run(spec().waitForCompletion(true).timeout("1s").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(rootly.count("GET", "workflow_runs")).isEqualTo(1);
        assertThat(elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retryAfterOfAnHourOnEveryListEndsTheWaitAtItsDeadline() {
        rootly.existingRun("mine", "req-1", scheduler.clock().instant(), "started");
        for (int i = 0; i < 20; i++) {
            rootly.onList(tooManyRequests("3600"));
        }

        RunResult result = await(ticket("mine", Duration.ofSeconds(10)));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(result.message())
                .contains("the last check got no answer")
                .contains("HTTP 429")
                .contains("goes on in Rootly");
        assertThat(rootly.seen())
                .as("the first poll, then one last check; the hour's pause is not slept")
                .extracting(s -> Duration.between(Instant.parse("2026-11-29T12:00:00Z"), s.at()))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(9));
        assertThat(eventsOf(ProgressEvent.PauseSkipped.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .startsWith(
                        "Rate limited by Rootly (HTTP 429 Rate limit exceeded. Try again later.); not waiting 1h before GET")
                .contains("checking the run once more in 8s"));
        assertThat(scheduler.delays()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(10)));
    }

    @Test
    void rateLimitPacingPastTheDeadlineIsSkippedAndTheLastCheckStillGoesOut() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "started", "completed");
        rootly.onList(new MockResponse.Builder()
                .code(200)
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", start.plusSeconds(3600).getEpochSecond())
                .body(ApiJson.list(List.of(ApiJson.run("mine", "started", start, "req-1")), 1, 1))
                .build());

        RunResult result = await(ticket("mine", Duration.ofSeconds(10)));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(eventsOf(ProgressEvent.PauseSkipped.class)).singleElement().satisfies(e -> assertThat(e.reason())
                .contains("rate limit is used up"));
    }

    @Test
    void pacingPauseOfASecondOrMoreIsLogged() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "started", "completed");
        rootly.onList(new MockResponse.Builder()
                .code(200)
                .setHeader("X-RateLimit-Remaining", "1")
                .setHeader("X-RateLimit-Reset", start.plusSeconds(1 + 30).getEpochSecond())
                .body(ApiJson.list(List.of(ApiJson.run("mine", "started", start, "req-1")), 1, 1))
                .build());

        RunResult result = await(ticket("mine", Duration.ofMinutes(30)));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.Pacing.class)).singleElement().satisfies(e -> {
            // At the second poll (4 s), 27 s before the reset, with 1 request left: half of it.
            assertThat(e.delay()).isEqualTo(Duration.ofMillis(13_500));
            assertThat(e.describe()).contains("1 request left").contains("waiting 14s");
        });
    }

    @Test
    void aServerThatNeverAnswersCannotHoldTheWaitPastItsDeadline() {
        // A read timeout far longer than the wait: only the deadline's per-call timeout can end each request.
        List<Long> callTimeouts = new CopyOnWriteArrayList<>();
        engine = RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(RootlyClient.defaultHttpClient()
                        .readTimeout(Duration.ofSeconds(30))
                        .addInterceptor(chain -> {
                            callTimeouts.add(chain.call().timeout().timeoutNanos());
                            return chain.proceed(chain.request());
                        })
                        .build())
                .random(new SplittableRandom(7))
                .userAgentSuffix("test")
                .build();
        rootly.existingRun("mine", "req-1", scheduler.clock().instant(), "started");
        for (int i = 0; i < 20; i++) {
            rootly.onList(new MockResponse.Builder()
                    .onResponseStart(SocketEffect.Stall.INSTANCE)
                    .build());
        }

        RunResult result = await(ticket("mine", Duration.ofSeconds(3)));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.message()).contains("the last check got no answer");
        assertThat(elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(callTimeouts).isNotEmpty().allSatisfy(t -> assertThat(Duration.ofNanos(t))
                .isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void farRetryAfterOnTheCreateFailsItClearlyInsteadOfSleeping() {
        rootly.onPost(tooManyRequests("99999999999"));

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("HTTP 429 Rate limit exceeded")
                .contains("past the 3m allowed for creating a run")
                .contains("no run of workflow")
                .contains("was created");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(elapsed()).isZero();
        assertThat(eventsOf(ProgressEvent.RateLimited.class)).isEmpty();
    }

    @Test
    void createdRunWithTheBudgetSpentUntilAFarResetDoesNotFreezeTheWait() {
        Instant now = scheduler.clock().instant();
        rootly.createEvenWhenOverridden()
                .nextRunGoesThrough("queued", "started", "completed")
                .onPost(new MockResponse.Builder()
                        .code(201)
                        .setHeader("Content-Type", "application/vnd.api+json")
                        .setHeader("X-RateLimit-Remaining", "0")
                        .setHeader("X-RateLimit-Reset", now.plusSeconds(86_400).getEpochSecond())
                        .body(ApiJson.single(ApiJson.run("run-1", "queued", now, "req-1")))
                        .build());

        RunResult result = run(spec().waitForCompletion(true).timeout("10s").build());

        assertThat(result.outcome()).isIn(Outcome.SUCCEEDED, Outcome.TIMED_OUT);
        assertThat(elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(eventsOf(ProgressEvent.PauseSkipped.class))
                .as("the pause is told, not silent")
                .singleElement()
                .satisfies(
                        e -> assertThat(e.describe())
                                .contains(
                                        "Rate limited by Rootly (Rootly's rate limit is used up, 0 requests left); not waiting 23h59m"));
        assertThat(rootly.count("POST", "")).isEqualTo(1);
    }

    @Test
    void rateLimitedListDuringTheCreateStepIsBoundToo() {
        rootly.onWorkflowLookup(tooManyRequests("7200"));

        RunResult result = run(spec().workflow("into-the-wild").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("next attempt would be in 2h").contains("was created");
        assertThat(rootly.count("POST", "")).isZero();
        assertThat(elapsed()).isZero();
    }

    @Test
    void listFailingWithinTheBudgetIsStillRetriedBeforeTheLastCheck() {
        rootly.existingRun("mine", "req-1", scheduler.clock().instant(), "completed");
        rootly.onList(json(503, ""));

        RunResult result = await(ticket("mine", Duration.ofSeconds(10)));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.Retrying.class)).hasSize(1);
    }

    @Test
    void waitsWithDeadlinesHalfASecondApartShareOneFullLastCheck() {
        Instant now = scheduler.clock().instant();
        rootly.existingRun("a", "req-a", now, "started", "started", "started", "completed");
        rootly.existingRun("b", "req-b", now, "started", "started", "started", "completed");
        WaitTicket a = ticket("a", Duration.ofSeconds(10));
        WaitTicket b = ticket("b", Duration.ofMillis(10_500));

        var first = engine.await(a, ApiToken.of(TOKEN), events::add);
        var second = engine.await(b, ApiToken.of(TOKEN), events::add);
        settle(java.util.concurrent.CompletableFuture.allOf(first, second));

        assertThat(first.join().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second.join().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(rootly.count("GET", "workflow_runs"))
                .as("polls at 1 s and 4 s, then one last check for both")
                .isEqualTo(3);
    }

    @Test
    void waitResumedAfterItsDeadlineStillChecksTheRunOnce() {
        Instant now = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", now.minusSeconds(1200), "completed");
        WaitTicket t = ticket("mine", Duration.ofMinutes(15));
        WaitTicket late = new WaitTicket(
                t.apiUrl(),
                t.workflowId(),
                t.workflowName(),
                t.runId(),
                now.minusSeconds(1200),
                now.minusSeconds(1200),
                now.minusSeconds(300),
                t.pollInterval(),
                t.tokenSource(),
                3,
                "started");

        RunResult result = await(late);

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(rootly.count("GET", "workflow_runs")).isEqualTo(1);
        assertThat(eventsOf(ProgressEvent.StatusChanged.class))
                .extracting(ProgressEvent.StatusChanged::status)
                .containsExactly("completed");
    }
}
