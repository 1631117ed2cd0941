package io.github.rootlyworkflowrun.engine;

import static io.github.rootlyworkflowrun.testing.ScriptedRootly.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.testing.ApiJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.Interceptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers and front ends that misbehave: a throwable anywhere ends the future, paging loops end the listing, odd
 * listings and one-shot refusals get words that fit them, and each status is told once.
 */
class HostileServerTest extends EngineTestBase {

    private WaitTicket ticket(String runId, Duration timeout) {
        return ticket(runId, null, scheduler.clock().instant(), timeout, 0);
    }

    private RunEngine engineWith(Interceptor interceptor) {
        return RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(RootlyClient.defaultHttpClient()
                        .readTimeout(READ_TIMEOUT)
                        .addInterceptor(interceptor)
                        .build())
                .random(new SplittableRandom(7))
                .userAgentSuffix("test")
                .build();
    }

    private static boolean isList(Interceptor.Chain chain) {
        return chain.request().method().equals("GET")
                && chain.request().url().encodedPath().endsWith("/workflow_runs");
    }

    // Item 3: every throwable ends the future.

    @Test
    void outOfMemoryWhileReadingAListEndsTheWaitWithAMessage() {
        engine = engineWith(chain -> {
            if (isList(chain)) {
                throw new OutOfMemoryError("Java heap space (injected)");
            }
            return chain.proceed(chain.request());
        });

        RunResult result = run(spec().waitForCompletion(true).build());

        assertThat(result).as("the future ended").isNotNull();
        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.run().id()).as("the created run is kept").isEqualTo("run-1");
        assertThat(result.message())
                .contains("unexpected OutOfMemoryError: Java heap space (injected)")
                .contains("goes on in Rootly");
        assertThat(engine.activeGroups()).isZero();
    }

    @Test
    void errorThrownByAListenerEndsTheWaitToo() {
        rootly.nextRunGoesThrough("queued", "started", "completed");
        CompletableFuture<RunResult> future =
                engine.run(spec().waitForCompletion(true).build(), event -> {
                    if (event instanceof ProgressEvent.StatusChanged) {
                        throw new StackOverflowError("injected");
                    }
                });

        RunResult result = settle(future);

        assertThat(result).as("the future ended").isNotNull();
        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("StackOverflowError");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void listenerThatThrowsAnExceptionDoesNotChangeTheOutcome() {
        rootly.nextRunGoesThrough("queued", "started", "completed");

        RunResult result = settle(engine.run(spec().waitForCompletion(true).build(), event -> {
            throw new IllegalStateException("a broken log");
        }));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void errorAfterTheCreateReachedRootlyIsReconciledToTheRunCreated() {
        AtomicInteger posts = new AtomicInteger();
        engine = engineWith(chain -> {
            var response = chain.proceed(chain.request());
            if (chain.request().method().equals("POST") && posts.incrementAndGet() == 1) {
                response.close();
                throw new OutOfMemoryError("injected while reading the answer");
            }
            return response;
        });

        RunResult result = run(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.run().id()).isEqualTo("run-1");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(eventsOf(ProgressEvent.Reconciling.class)).singleElement().satisfies(r -> assertThat(r.reason())
                .contains("OutOfMemoryError"));
    }

    // Item 9: paging loops.

    /** Serves a listing of runs that never holds ours, with the paging the test asks for. */
    private void serveListing(IntFunction<String> pageBody) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                rootly.dispatch(request); // recorded, for the counts
                int page = Integer.parseInt(request.getUrl().queryParameter("page[number]"));
                return json(200, pageBody.apply(page));
            }
        });
    }

    private static String page(List<ObjectNode> items, int current, Integer next) {
        ObjectNode root = ApiJson.MAPPER.createObjectNode();
        items.forEach(root.putArray("data")::add);
        ObjectNode meta = root.putObject("meta");
        meta.put("current_page", current);
        meta.put("next_page", next);
        meta.put("total_count", 500);
        return root.toString();
    }

    @ParameterizedTest(name = "next page {0}")
    @ValueSource(strings = {"points back", "ignored"})
    void pagingLoopCostsAtMostTwoRequestsPerPollAndIsWarnedOnce(String kind) {
        Instant t0 = scheduler.clock().instant();
        serveListing(p -> kind.equals("points back")
                ? page(List.of(ApiJson.run("other-" + p, "started", t0, null)), p, p == 1 ? 2 : 1)
                // A server that ignores page[number]: the same page whatever is asked.
                : page(List.of(ApiJson.run("other-1", "started", t0, null)), 1, 2));

        RunResult result =
                settle(engine.await(ticket("mine", Duration.ofSeconds(30)), ApiToken.of(TOKEN), events::add));

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        // Polls at 1, 4, 13 and 23 s and the last check at 29 s: five listings of two pages each.
        assertThat(rootly.count("GET", "workflow_runs")).isEqualTo(5 * 2);
        assertThat(eventsOf(ProgressEvent.PagingLoop.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .contains("loops")
                .contains(kind.equals("points back") ? "names page 1" : "holds only runs already read"));
    }

    @Test
    void duplicateIdsInOneListingAreWarnedAboutOnce() {
        Instant t0 = scheduler.clock().instant();
        ObjectNode other = ApiJson.run("other", "started", t0, null);
        List<String> statuses = new ArrayList<>(List.of("started", "started", "completed"));
        serveListing(p -> page(
                List.of(
                        other,
                        ApiJson.run("mine", statuses.size() > 1 ? statuses.remove(0) : statuses.get(0), t0, null),
                        other),
                1,
                null));

        RunResult result = settle(engine.await(ticket("mine", Duration.ofMinutes(5)), ApiToken.of(TOKEN), events::add));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.DuplicateRuns.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .isEqualTo("Rootly's list of runs holds run other more than once; using the copy read last"));
    }

    // Item 10: words that fit.

    @ParameterizedTest
    @ValueSource(ints = {400, 409, 413})
    void oneShotRefusalOfTheCreateGetsAdviceThatFitsIt(int status) {
        rootly.onPost(json(status, ApiJson.errors("Refused for a reason", status)));

        RunResult result = run(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("HTTP " + status + " Refused for a reason")
                .contains("created no run")
                .doesNotContain("kept failing")
                .doesNotContain("try again later");
        assertThat(result.message())
                .contains(
                        switch (status) {
                            case 400 -> "check the run's context and target id";
                            case 409 -> "conflict";
                            default -> "make the run's context smaller";
                        });
        assertThat(rootly.count("POST", "")).isEqualTo(1);
    }

    @Test
    void runNeverSeenInTheListSaysSoInsteadOfStillQueued() {
        for (int i = 0; i < 10; i++) {
            rootly.onList(json(200, ApiJson.list(List.of(), 1, 1)));
        }

        RunResult result = run(spec().waitForCompletion(true).timeout("30s").build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.message())
                .contains("run-1")
                .contains("never appeared in Rootly's list")
                .doesNotContain("still queued");
    }

    @Test
    void ofNullAppearsNowhereWhenRootlyLeavesTheWorkflowOut() {
        Instant now = scheduler.clock().instant();
        ObjectNode bare = ApiJson.run("run-1", "queued", now, "req-1");
        ObjectNode a = (ObjectNode) bare.get("attributes");
        a.remove("workflow_id");
        a.remove("workflow_name");
        a.remove("status");
        rootly.createEvenWhenOverridden().onPost(json(201, ApiJson.single(bare)));
        for (int i = 0; i < 10; i++) {
            rootly.onList(json(200, ApiJson.list(List.of(), 1, 1)));
        }

        RunResult result = run(spec().waitForCompletion(true).timeout("20s").build());

        List<String> text =
                new ArrayList<>(events.stream().map(ProgressEvent::describe).toList());
        text.add(result.message());
        assertThat(text).allSatisfy(line -> assertThat(line).doesNotContain("null"));
        assertThat(eventsOf(ProgressEvent.RunCreated.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .isEqualTo("Created workflow run run-1 of '" + ApiJson.WORKFLOW_ID + "'"));
    }

    // Issue 16: each status is told once.

    @Test
    void statusToldWithTheCreateIsNotToldAgainWhenTheWaitStartsFromTheTicket() {
        rootly.nextRunGoesThrough("queued", "queued", "started", "queued", "started", "completed");
        RunResult created = run(spec().build());

        RunResult result = settle(engine.await(created.ticket(), ApiToken.of(TOKEN), events::add));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(eventsOf(ProgressEvent.StatusChanged.class))
                .extracting(ProgressEvent.StatusChanged::status)
                .as("queued was told by the create; a lagging listing's queued is not told again")
                .containsExactly("started", "completed");
    }
}
