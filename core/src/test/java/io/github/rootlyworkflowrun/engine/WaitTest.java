package io.github.rootlyworkflowrun.engine;

import static io.github.rootlyworkflowrun.testing.ScriptedRootly.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.testing.ApiJson;
import io.github.rootlyworkflowrun.testing.ScriptedRootly;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Waiting: paging, pacing, rate limits, retries, coalescing and resuming. */
class WaitTest extends EngineTestBase {

    private WaitTicket ticket(String runId, Instant createdAt) {
        return ticket(runId, "Into the Wild", createdAt, Duration.ofMinutes(30), 1);
    }

    private RunResult await(WaitTicket ticket) {
        return settle(engine.await(ticket, ApiToken.of(TOKEN), events::add));
    }

    @Test
    void runOnPageThreeIsFoundByPaging() {
        Instant t0 = scheduler.clock().instant().minusSeconds(60);
        for (int i = 0; i < 250; i++) {
            rootly.existingRun("other-" + i, null, t0, "completed");
        }
        rootly.existingRun("mine", "req-1", t0, "started", "completed");

        RunResult result = await(ticket("mine", t0));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        List<ScriptedRootly.Seen> lists = rootly.seen();
        assertThat(lists).extracting(s -> s.query().get("page[number]")).containsExactly("1", "2", "3");
        assertThat(lists).allSatisfy(s -> {
            assertThat(s.query()).containsEntry("page[size]", "100");
            assertThat(s.query().get("filter[created_at][gte]"))
                    .isEqualTo(t0.minus(WaitGroup.CREATED_AT_MARGIN).toString());
        });
    }

    @Test
    void firstPollWithinASecondThenBacksOffToTheInterval() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun(
                "mine", "req-1", start, "queued", "queued", "queued", "queued", "queued", "queued", "completed");

        await(ticket("mine", start));

        assertThat(rootly.seen())
                .extracting(s -> Duration.between(start, s.at()).toSeconds())
                .containsExactly(1L, 4L, 13L, 23L, 33L, 43L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Retry-After", "X-RateLimit-Reset", "RateLimit-Reset"})
    void rateLimitedPollWaitsAsTold(String header) {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "completed");
        Object value =
                header.equals("Retry-After") ? "42" : start.plusSeconds(1 + 42).getEpochSecond();
        rootly.onList(new MockResponse.Builder()
                .code(429)
                .setHeader(header, value)
                .body("{\"error\": \"Rate limit exceeded. Try again later.\"}")
                .build());

        RunResult result = await(ticket("mine", start));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        List<ScriptedRootly.Seen> seen = rootly.seen();
        assertThat(seen).hasSize(2);
        Duration gap = Duration.between(seen.get(0).at(), seen.get(1).at());
        assertThat(gap).isBetween(Duration.ofSeconds(42), Duration.ofSeconds(43));
        assertThat(eventsOf(ProgressEvent.RateLimited.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .contains("Rate limited"));
    }

    @Test
    void lowRemainingBudgetSlowsTheNextRequestDown() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "queued", "completed");
        rootly.onList(new MockResponse.Builder()
                .code(200)
                .setHeader("X-RateLimit-Remaining", "0")
                .setHeader("X-RateLimit-Reset", start.plusSeconds(61).getEpochSecond())
                .body(ApiJson.list(List.of(ApiJson.run("mine", "queued", start, "req-1")), 1, 1))
                .build());

        await(ticket("mine", start));

        List<ScriptedRootly.Seen> seen = rootly.seen();
        assertThat(seen.get(1).at()).isAfterOrEqualTo(start.plusSeconds(61));
    }

    @Test
    void serviceUnavailableBurstOnGetIsRetried() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "completed");
        for (int i = 0; i < 3; i++) {
            rootly.onList(json(503, "<html><head><title>503 Service Unavailable</title></head></html>"));
        }

        RunResult result = await(ticket("mine", start));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.Retrying.class)).hasSize(3).allSatisfy(r -> assertThat(r.reason())
                .isEqualTo("503 Service Unavailable"));
        assertThat(result.apiRequests()).isEqualTo(1 + 4);
    }

    @Test
    void retriesExhaustedOnGetEndsTheWaitAndSaysTheRunGoesOn() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "started");
        for (int i = 0; i < Retrier.MAX_ATTEMPTS; i++) {
            rootly.onList(json(502, ""));
        }

        RunResult result = await(ticket("mine", start));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("HTTP 502").contains("goes on in Rootly");
        assertThat(rootly.seen()).hasSize(Retrier.MAX_ATTEMPTS);
    }

    @Test
    void unauthorizedDuringWaitIsNotRetried() {
        Instant start = scheduler.clock().instant();
        rootly.onList(json(401, ApiJson.errors("Invalid token", 401)));

        RunResult result = await(ticket("mine", start));

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("Invalid token");
        assertThat(rootly.seen()).hasSize(1);
    }

    @Test
    void unknownStatusIsLoggedAndTreatedAsRunning() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "paused_for_review", "paused_for_review", "completed");

        RunResult result = await(ticket("mine", start));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.UnknownStatus.class)).singleElement().satisfies(e -> assertThat(e.status())
                .isEqualTo("paused_for_review"));
    }

    @Test
    void runMissingFromTheListKeepsWaitingUntilTimeout() {
        Instant start = scheduler.clock().instant();
        WaitTicket t = ticket("vanished", start);
        WaitTicket shortTicket = new WaitTicket(
                t.apiUrl(),
                t.workflowId(),
                t.workflowName(),
                t.runId(),
                t.serverCreatedAt(),
                t.startedAt(),
                start.plusSeconds(30),
                t.pollInterval(),
                t.tokenSource(),
                1,
                null);

        RunResult result = await(shortTicket);

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.message())
                .contains("never appeared in Rootly's list")
                .contains("status is unknown")
                .doesNotContain("still");
        assertThat(eventsOf(ProgressEvent.RunNotListed.class)).isNotEmpty();
    }

    @Test
    void tenConcurrentWaitsOnOneWorkflowShareOneListRequestPerTick() {
        Instant start = scheduler.clock().instant();
        List<CompletableFuture<RunResult>> waits = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rootly.existingRun("run-" + i, "req-" + i, start, "queued", "started", "started", "completed");
            waits.add(engine.await(ticket("run-" + i, start), ApiToken.of(TOKEN), events::add));
        }

        settle(CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)));

        assertThat(waits).allSatisfy(w -> assertThat(w.join().outcome()).isEqualTo(Outcome.SUCCEEDED));
        assertThat(rootly.count("GET", "workflow_runs"))
                .as("one list request per tick, not per wait")
                .isEqualTo(3);
        assertThat(engine.activeGroups()).isZero();
    }

    @Test
    void cancelledWaitStopsPolling() {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "queued");
        CompletableFuture<RunResult> wait = engine.await(ticket("mine", start), ApiToken.of(TOKEN), events::add);
        scheduler.runNextDue(); // the group's first tick
        scheduler.runNextDue(); // its list request
        assertThat(rootly.seen()).hasSize(1);

        wait.cancel(false);
        scheduler.runAll();

        assertThat(rootly.seen()).hasSize(1);
        assertThat(engine.activeGroups()).isZero();
    }

    @Test
    void ticketSurvivesSerialisationAndResumesTheSameRun() throws Exception {
        Instant start = scheduler.clock().instant();
        rootly.existingRun("mine", "req-1", start, "started", "completed");
        WaitTicket original = ticket("mine", start);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(original);
        }
        WaitTicket restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (WaitTicket) in.readObject();
        }

        RunResult result = await(restored);

        assertThat(restored).isEqualTo(original);
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.run().id()).isEqualTo("mine");
        assertThat(result.apiRequests())
                .as("one request before the restart, one list after")
                .isEqualTo(1 + 1);
    }
}
