package io.github.rootlyworkflowrun.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Route;
import io.github.rootlyworkflowrun.emulator.Scenario;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Webhooks against the engine and the emulator over real HTTP, on manual time: a valid event ends a wait at once,
 * anything else has no effect, and the API's listing always decides the outcome.
 */
class WebhookInboxTest {
    private static final String TOKEN = "webhook-test-SECRET-token";
    private static final String SECRET = "whsec_inbox_test_secret";
    /** Runs are started for a minute, then end; the waits poll at 1, 4, 13, 40 and 121 s, then every 2 minutes. */
    private static final Duration RUN_LENGTH = Duration.ofMinutes(1);

    private ManualScheduler scheduler;
    private ManualScheduler.MutableClock clock;
    private RootlyEmulator emulator;
    private RunEngine engine;
    private WebhookInbox inbox;
    private WebhookSignature signature;
    private Instant t0;
    private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
    /** The time of every list request the engine sent, attempts included. */
    private final List<Instant> lists = new CopyOnWriteArrayList<>();
    /** Runs inside the next list request, after Rootly answered it and before the engine reads the answer. */
    private final AtomicReference<Runnable> whileListing = new AtomicReference<>();

    @BeforeEach
    void start() {
        scheduler = new ManualScheduler();
        clock = scheduler.clock();
        t0 = clock.instant();
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .clock(clock)
                .scenario(Scenario.builder()
                        .workflow(Scenario.WorkflowSpec.builder("deploy-completes")
                                .step("started", RUN_LENGTH)
                                .then("completed")
                                .build())
                        .workflow(Scenario.WorkflowSpec.builder("deploy-fails")
                                .step("started", RUN_LENGTH)
                                .then("failed", "Task 'Page on-call' failed")
                                .build())
                        .workflow(Scenario.WorkflowSpec.builder("deploy-runs-long")
                                .step("started", Duration.ofHours(5))
                                .then("completed")
                                .build())
                        .build())
                .start();
        engine = RunEngine.builder()
                .scheduler(scheduler)
                .clock(clock)
                .httpClient(RootlyClient.defaultHttpClient()
                        .addInterceptor(chain -> {
                            boolean list = chain.request().method().equals("GET")
                                    && chain.request().url().encodedPath().endsWith("/workflow_runs");
                            if (list) {
                                lists.add(clock.instant());
                            }
                            okhttp3.Response response = chain.proceed(chain.request());
                            Runnable during = list ? whileListing.getAndSet(null) : null;
                            if (during != null) {
                                during.run();
                            }
                            return response;
                        })
                        .build())
                .build();
        inbox = new WebhookInbox(engine, clock);
        signature = WebhookSignature.of(SECRET);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    /** Creates a run of {@code workflow} and starts waiting for it (poll interval 2m, timeout {@code timeout}). */
    private Wait startWait(String workflow, String timeout) {
        RunSpec spec = RunSpec.builder()
                .apiUrl(emulator.baseUrl())
                .token(TOKEN, "ROOTLY_API_TOKEN")
                .workflow(workflow)
                .ciContext(Map.of("provider", "test"))
                .waitForCompletion(true)
                .pollInterval("2m")
                .timeout(timeout)
                .build();
        CompletableFuture<RunResult> created = engine.create(spec, events::add);
        scheduler.runUntil(created);
        RunResult c = created.join();
        assertThat(c.outcome()).as(c.message()).isEqualTo(Outcome.CREATED);
        return new Wait(c.run().id(), engine.await(c.ticket(), ApiToken.of(TOKEN), events::add));
    }

    private record Wait(String runId, CompletableFuture<RunResult> future) {}

    /** Steps the scheduler until the engine has sent {@code n} list requests; the clock moves with it. */
    private void pollUntilListed(int n) {
        while (lists.size() < n) {
            assertThat(scheduler.runNextDue()).as("a task is due").isTrue();
        }
    }

    private RunResult settle(Wait wait) {
        scheduler.runUntil(wait.future);
        assertThat(wait.future).isDone();
        return wait.future.join();
    }

    private int listRequests() {
        return emulator.requestCounts().getOrDefault(Route.LIST_RUNS.key(), 0);
    }

    private static byte[] event(String eventId, String type, String runId) {
        return ("{\"event\":{\"id\":\"" + eventId + "\",\"type\":\"" + type
                        + "\",\"issued_at\":\"2026-11-29T12:01:01.123Z\"},"
                        + "\"data\":{\"id\":\"" + runId + "\",\"genius_workflow_id\":\"w\",\"status\":\"completed\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private WebhookInbox.Answer receive(byte[] body) {
        return receive(signature.sign(clock.instant(), body), body);
    }

    private WebhookInbox.Answer receive(String header, byte[] body) {
        return inbox.receive(SECRET, header, body.length, new ByteArrayInputStream(body));
    }

    /** The wait polls at 1, 4, 13 and 40 s; the run ends at 60 s; from 61 s only a nudge or the 121 s poll sees it. */
    private Wait waitPastTheQuickPolls(String workflow) {
        Wait wait = startWait(workflow, "30m");
        pollUntilListed(4);
        assertThat(clock.instant()).isEqualTo(t0.plusSeconds(40));
        clock.set(t0.plus(RUN_LENGTH).plusSeconds(1));
        return wait;
    }

    @Test
    void aValidEventEndsTheWaitAtOnceInsteadOfAtTheNextPoll() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        Instant received = clock.instant();

        WebhookInbox.Answer answer = receive(event("evt-1", "genius_workflow_run.completed", wait.runId));

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.message()).contains("evt-1", "genius_workflow_run.completed", "checking run " + wait.runId);
        assertThat(listRequests()).as("the receive only reschedules").isEqualTo(4);
        RunResult result = settle(wait);
        assertThat(result.outcome()).as(result.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(clock.instant()).as("no time passed").isEqualTo(received);
        assertThat(lists).hasSize(5).last().isEqualTo(received);
        assertThat(events)
                .filteredOn(ProgressEvent.ChangeReported.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(e.describe())
                        .isEqualTo("Rootly reported a change to run " + wait.runId + "; checking it now"));
    }

    @Test
    void anEventRightAfterTheCreateCostsOneListInsteadOfWaitingForTheFirstPoll() {
        clock.set(t0);
        Wait wait = startWait("deploy-completes", "30m");
        clock.advance(RUN_LENGTH.plusSeconds(1)); // the first poll is still due at t0 + 1 s: it is what runs now

        assertThat(receive(event("evt-1", "genius_workflow_run.completed", wait.runId))
                        .status())
                .isEqualTo(202);
        Instant received = clock.instant();

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(emulator.requestCounts())
                .containsEntry(Route.CREATE_RUN.key(), 1)
                .containsEntry(Route.LIST_RUNS.key(), 1);
        assertThat(clock.instant()).isEqualTo(received);
    }

    @Test
    void aLostWebhookCostsOnlyTheFallbackInterval() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lists).hasSize(5).last().isEqualTo(t0.plusSeconds(40 + 81));
    }

    /** What a refused webhook does to the wait: nothing. It ends at the 2 minute poll, with no extra request. */
    private void assertNoEffect(Wait wait) {
        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lists).hasSize(5).last().isEqualTo(t0.plusSeconds(121));
        assertThat(events).noneMatch(ProgressEvent.ChangeReported.class::isInstance);
    }

    @ParameterizedTest
    @ValueSource(strings = {"wrong secret", "missing", "malformed", "bad hex", "stale", "future", "body changed"})
    void aBadSignatureIsRefusedWithNoEffect(String how) {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        byte[] body = event("evt-1", "genius_workflow_run.completed", wait.runId);
        String header =
                switch (how) {
                    case "wrong secret" -> WebhookSignature.of("not-the-secret").sign(clock.instant(), body);
                    case "missing" -> null;
                    case "malformed" -> "sha256=" + "ab".repeat(32);
                    case "bad hex" -> "t=" + clock.instant().getEpochSecond() + ",v1=" + "xy".repeat(32);
                    case "stale" -> signature.sign(clock.instant().minus(Duration.ofMinutes(6)), body);
                    case "future" -> signature.sign(clock.instant().plus(Duration.ofMinutes(6)), body);
                    default -> signature.sign(clock.instant(), event("evt-1", "genius_workflow_run.completed", "x"));
                };

        WebhookInbox.Answer answer = receive(header, body);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.message()).startsWith("not accepted: ").doesNotContain(SECRET);
        assertThat(answer.message())
                .contains(
                        switch (how) {
                            case "missing" -> "no X-Rootly-Signature header";
                            case "malformed", "bad hex" -> "is not of the form t=<unix seconds>,v1=<hex>";
                            case "stale", "future" -> "more than 5 minutes from this clock";
                            default -> "does not match";
                        });
        assertNoEffect(wait);
    }

    @Test
    void aRefusedEventIsNotRememberedSoTheGenuineOneStillCounts() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        byte[] body = event("evt-1", "genius_workflow_run.completed", wait.runId);
        assertThat(receive(WebhookSignature.of("forger").sign(clock.instant(), body), body)
                        .status())
                .isEqualTo(401);

        assertThat(receive(body).status()).isEqualTo(202);

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lists).hasSize(5).last().isEqualTo(t0.plusSeconds(61));
    }

    @Test
    void aBodyOverTheLimitByItsContentLengthIsRefusedUnread() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        byte[] body = event("evt-1", "genius_workflow_run.completed", wait.runId);
        ByteArrayInputStream in = new ByteArrayInputStream(body);

        WebhookInbox.Answer answer =
                inbox.receive(SECRET, signature.sign(clock.instant(), body), WebhookInbox.MAX_BODY_BYTES + 1L, in);

        assertThat(answer).isEqualTo(new WebhookInbox.Answer(413, "the body is larger than 256 KiB"));
        assertThat(in.available()).as("nothing read").isEqualTo(body.length);
        assertNoEffect(wait);
    }

    /** A signed, valid event padded to {@code size} bytes. */
    private static byte[] padded(String runId, int size) {
        String head = "{\"event\":{\"id\":\"evt-big\",\"type\":\"genius_workflow_run.completed\","
                + "\"issued_at\":\"2026-11-29T12:01:01Z\"},\"data\":{\"id\":\"" + runId + "\",\"padding\":\"";
        String tail = "\"}}";
        return (head + "x".repeat(size - head.length() - tail.length()) + tail).getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 100, WebhookInbox.MAX_BODY_BYTES})
    void aBodyOverTheLimitIsRefusedWhenReadWhateverTheContentLengthSays(long contentLength) {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        byte[] body = padded(wait.runId, 300 * 1024);
        ByteArrayInputStream in = new ByteArrayInputStream(body);

        WebhookInbox.Answer answer = inbox.receive(SECRET, signature.sign(clock.instant(), body), contentLength, in);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(body.length - in.available()).as("bytes read").isEqualTo(WebhookInbox.MAX_BODY_BYTES + 1);
        assertNoEffect(wait);
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        byte[] body = padded(wait.runId, WebhookInbox.MAX_BODY_BYTES);

        assertThat(receive(body).status()).isEqualTo(202);
        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lists).hasSize(5);
    }

    @Test
    void aRepeatedEventIdIsAnsweredOkWithNoEffectForTenMinutes() {
        Wait wait = waitPastTheQuickPolls("deploy-runs-long");
        byte[] body = event("evt-7", "genius_workflow_run.completed", wait.runId); // the API still says started
        assertThat(receive(body).status()).isEqualTo(202);
        pollUntilListed(5);

        WebhookInbox.Answer again = receive(body);
        pollUntilListed(9); // the interval: 181, 301, 421 and 541 s
        clock.set(t0.plusSeconds(61 + 600));
        WebhookInbox.Answer tenMinutesOn = receive(event("evt-7", "genius_workflow_run.completed", wait.runId));
        pollUntilListed(10);
        clock.set(t0.plusSeconds(61 + 601));
        WebhookInbox.Answer afterThat = receive(event("evt-7", "genius_workflow_run.completed", wait.runId));
        pollUntilListed(12);

        assertThat(again)
                .isEqualTo(new WebhookInbox.Answer(
                        200, "event evt-7 (genius_workflow_run.completed) was received already; ignored"));
        assertThat(tenMinutesOn.status()).as("freshly signed, 10 minutes on").isEqualTo(200);
        assertThat(afterThat.status()).as("forgotten after 10 minutes").isEqualTo(202);
        assertThat(lists.subList(4, 12))
                .extracting(at -> Duration.between(t0, at).toSeconds())
                .as("the nudged poll, the interval from it, and a nudge once the id was forgotten")
                .containsExactly(61L, 181L, 301L, 421L, 541L, 661L, 662L, 662L + 120);
    }

    @Test
    void theApiDecidesTheOutcomeNotTheWebhook() {
        Wait wait = waitPastTheQuickPolls("deploy-fails");

        assertThat(receive(event("evt-1", "genius_workflow_run.completed", wait.runId))
                        .status())
                .isEqualTo(202);

        RunResult result = settle(wait);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.message()).contains("Task 'Page on-call' failed");
        assertThat(lists).hasSize(5).last().isEqualTo(t0.plusSeconds(61));
    }

    @Test
    void aWebhookSayingFailedDoesNotEndAWaitTheApiStillShowsRunning() {
        Wait wait = waitPastTheQuickPolls("deploy-runs-long");

        assertThat(receive(event("evt-1", "genius_workflow_run.failed", wait.runId))
                        .status())
                .isEqualTo(202);
        pollUntilListed(5);

        assertThat(wait.future).isNotDone();
        assertThat(lists).last().isEqualTo(t0.plusSeconds(61));
        pollUntilListed(6);
        assertThat(wait.future).isNotDone();
        assertThat(lists).last().as("the interval goes on").isEqualTo(t0.plusSeconds(181));
    }

    @Test
    void queuedAndStartedAreNotedWithoutAPoll() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        int before = lists.size();

        WebhookInbox.Answer queued = receive(event("evt-1", "genius_workflow_run.queued", wait.runId));
        WebhookInbox.Answer started = receive(event("evt-2", "genius_workflow_run.started", wait.runId));

        assertThat(queued)
                .isEqualTo(new WebhookInbox.Answer(
                        202,
                        "event evt-1 (genius_workflow_run.queued): noted for run " + wait.runId
                                + "; its end will be checked"));
        assertThat(started.status()).isEqualTo(202);
        assertThat(scheduler.pending()).as("only the next regular poll").isEqualTo(1);
        assertThat(lists).hasSize(before);
        assertThat(events).noneMatch(ProgressEvent.ChangeReported.class::isInstance);
    }

    @Test
    void nudgesCoalesceIntoOneListing() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        Wait other = startWait("deploy-completes", "30m"); // same workflow, API and token: the same group

        assertThat(receive(event("evt-1", "genius_workflow_run.canceled", wait.runId))
                        .status())
                .isEqualTo(202);
        assertThat(receive(event("evt-2", "genius_workflow_run.completed", wait.runId))
                        .status())
                .isEqualTo(202);
        assertThat(receive(event("evt-3", "genius_workflow_run.completed", other.runId))
                        .status())
                .isEqualTo(202);

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lists).hasSize(5).last().isEqualTo(t0.plusSeconds(61));
        assertThat(other.future).as("still running in the emulator").isNotDone();
    }

    @Test
    void anEventDuringAListingWhoseAnswerPredatesItListsAgainRightAfter() {
        Wait wait = startWait("deploy-completes", "30m");
        pollUntilListed(3);
        AtomicReference<WebhookInbox.Answer> answer = new AtomicReference<>();
        whileListing.set(() -> {
            // Rootly answered the 40 s listing with "started"; the run ends, and its webhook arrives before the
            // engine has read that answer.
            clock.set(t0.plus(RUN_LENGTH).plusSeconds(1));
            answer.set(receive(event("evt-1", "genius_workflow_run.completed", wait.runId)));
        });

        RunResult result = settle(wait);

        assertThat(answer.get().status()).isEqualTo(202);
        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lists)
                .containsExactly(
                        t0.plusSeconds(1),
                        t0.plusSeconds(4),
                        t0.plusSeconds(13),
                        t0.plusSeconds(40),
                        t0.plusSeconds(61));
        assertThat(events)
                .filteredOn(ProgressEvent.ChangeReported.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(e.describe()).endsWith("; a check is in progress"));
    }

    @Test
    void anEventDuringARateLimitPauseWaitsForItAndIsServedByTheListingAfterIt() {
        Wait wait = startWait("deploy-runs-long", "30m");
        pollUntilListed(3);
        emulator.inject(Fault.builder()
                .route(Route.LIST_RUNS)
                .times(1)
                .status(429)
                .header("Retry-After", "30")
                .build());
        pollUntilListed(4); // the 40 s listing is rate limited; its retry waits until 70 s, the tick still in flight
        clock.set(t0.plusSeconds(61));

        assertThat(receive(event("evt-1", "genius_workflow_run.completed", wait.runId))
                        .status())
                .isEqualTo(202);
        pollUntilListed(6);

        assertThat(lists)
                .as("the retry after the pause was asked for after the event, so it is the only listing for it")
                .containsExactly(
                        t0.plusSeconds(1),
                        t0.plusSeconds(4),
                        t0.plusSeconds(13),
                        t0.plusSeconds(40),
                        t0.plusSeconds(70),
                        t0.plusSeconds(70 + 120)); // a webhook came: the 2m interval, not the 81 s step of the ramp
        assertThat(wait.future).isNotDone();
    }

    @Test
    void anEventNeverBreaksAPauseRootlyAskedFor() {
        Wait wait = startWait("deploy-completes", "10m");
        pollUntilListed(4);
        // Rootly asks for an hour: past the timeout, so the wait skips ahead to its last check at 10 m - 1 s.
        emulator.inject(Fault.builder()
                .route(Route.LIST_RUNS)
                .times(1)
                .status(429)
                .header("Retry-After", "3600")
                .build());
        pollUntilListed(5);
        assertThat(events).anyMatch(ProgressEvent.PauseSkipped.class::isInstance);
        clock.set(t0.plusSeconds(200));

        assertThat(receive(event("evt-1", "genius_workflow_run.completed", wait.runId))
                        .status())
                .isEqualTo(202);

        assertThat(settle(wait).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(lists)
                .hasSize(6)
                .last()
                .isEqualTo(t0.plus(Duration.ofMinutes(10)).minusSeconds(1));
        assertThat(events)
                .filteredOn(ProgressEvent.ChangeReported.class::isInstance)
                .singleElement()
                .satisfies(e -> assertThat(e.describe())
                        .endsWith("; checking it in 6m39s, when the pause Rootly asked for ends"));
    }

    @Test
    void anEventForARunNoWaitKnowsIsIgnoredAndSendsNothing() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");

        WebhookInbox.Answer answer = receive(event("evt-1", "genius_workflow_run.completed", "someone-elses-run"));

        assertThat(answer)
                .isEqualTo(
                        new WebhookInbox.Answer(
                                202,
                                "event evt-1 (genius_workflow_run.completed) ignored: no wait here knows run someone-elses-run"));
        assertThat(engine.nudge("someone-elses-run")).isFalse();
        assertThat(engine.nudge(null)).isFalse();
        assertNoEffect(wait);
    }

    @Test
    void anEventForAFinishedWaitIsIgnored() {
        Wait wait = startWait("deploy-completes", "30m");
        clock.advance(Duration.ofMinutes(2));
        settle(wait);

        assertThat(engine.nudge(wait.runId)).isFalse();
        assertThat(receive(event("evt-1", "genius_workflow_run.completed", wait.runId))
                        .message())
                .contains("no wait here knows run");
        assertThat(lists).hasSize(1);
    }

    @Test
    void otherEventTypesAreAcceptedAndIgnored() {
        Wait wait = waitPastTheQuickPolls("deploy-completes");

        WebhookInbox.Answer answer = receive(event("evt-1", "incident.created", wait.runId));

        assertThat(answer)
                .isEqualTo(new WebhookInbox.Answer(
                        202, "event evt-1 (incident.created) ignored: only genius_workflow_run.* events are used"));
        assertNoEffect(wait);
    }

    @Test
    void withoutASecretWebhooksAreOff() {
        byte[] body = event("evt-1", "genius_workflow_run.completed", "r");
        for (String secret : new String[] {null, "", "  "}) {
            WebhookInbox.Answer answer = inbox.receive(
                    secret, signature.sign(clock.instant(), body), body.length, new ByteArrayInputStream(body));
            assertThat(answer)
                    .isEqualTo(
                            new WebhookInbox.Answer(404, "Rootly webhooks are off: no webhook secret is configured"));
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json {{ SECRET_LOOKING_TEXT",
                "[1,2]",
                "{\"data\":{\"id\":\"r\"}}",
                "{\"event\":\"e\",\"data\":{\"id\":\"r\"}}",
                "{\"event\":{\"type\":\"genius_workflow_run.completed\",\"issued_at\":\"x\"},\"data\":{\"id\":\"r\"}}",
                "{\"event\":{\"id\":7,\"type\":\"genius_workflow_run.completed\",\"issued_at\":\"x\"},\"data\":{\"id\":\"r\"}}",
                "{\"event\":{\"id\":\" \",\"type\":\"genius_workflow_run.completed\",\"issued_at\":\"x\"},\"data\":{\"id\":\"r\"}}",
                "{\"event\":{\"id\":\"e\",\"type\":\"genius_workflow_run.completed\"},\"data\":{\"id\":\"r\"}}",
                "{\"event\":{\"id\":\"e\",\"type\":\"genius_workflow_run.completed\",\"issued_at\":\"x\"}}",
                "{\"event\":{\"id\":\"e\",\"type\":\"genius_workflow_run.completed\",\"issued_at\":\"x\"},\"data\":{}}",
                "LONG_ID",
            })
    void aSignedBodyThatIsNotAnEventIsABadRequest(String text) {
        Wait wait = waitPastTheQuickPolls("deploy-completes");
        byte[] body = (text.equals("LONG_ID")
                        ? new String(
                                event("e".repeat(201), "genius_workflow_run.completed", wait.runId),
                                StandardCharsets.UTF_8)
                        : text)
                .getBytes(StandardCharsets.UTF_8);

        WebhookInbox.Answer answer = receive(body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.message()).startsWith("not a Rootly webhook event: ").doesNotContain("SECRET_LOOKING");
        assertNoEffect(wait);
    }

    @Test
    void badRequestsNameTheField() {
        assertThat(receive("{\"event\":{\"id\":7}}".getBytes(StandardCharsets.UTF_8))
                        .message())
                .isEqualTo("not a Rootly webhook event: event.id is a JSON number; expected a string");
        assertThat(receive("{\"event\":[]}".getBytes(StandardCharsets.UTF_8)).message())
                .isEqualTo("not a Rootly webhook event: event is a JSON array; expected an object");
        assertThat(receive("{\"event\":{\"id\":\"e\",\"type\":\"t\",\"issued_at\":\"x\"}}"
                                .getBytes(StandardCharsets.UTF_8))
                        .message())
                .isEqualTo("not a Rootly webhook event: data is missing; expected an object");
        assertThat(receive("nope".getBytes(StandardCharsets.UTF_8)).message())
                .isEqualTo("not a Rootly webhook event: the body is not JSON");
    }

    @Test
    void idsFromTheBodyAreShownShortAndPrintable() {
        byte[] body = event("evt\\u001b[31m-\\n" + "a".repeat(100), "genius_workflow_run.completed", "r");

        WebhookInbox.Answer answer = receive(body);

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.message())
                .startsWith("event evt??31m-?" + "a".repeat(64 - 10) + "... (genius_workflow_run.completed)")
                .matches("[\\x20-\\x7e]+");
    }

    @Test
    void aBodyThatCannotBeReadIsABadRequestAndAFailingOneAServerError() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset by peer");
            }
        };
        InputStream buggy = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("a bug, with the body in its message");
            }
        };

        assertThat(inbox.receive(SECRET, "t=1,v1=00", -1, broken))
                .isEqualTo(new WebhookInbox.Answer(400, "the body could not be read: IOException"));
        assertThat(inbox.receive(SECRET, "t=1,v1=00", -1, buggy))
                .isEqualTo(new WebhookInbox.Answer(500, "the webhook could not be handled: IllegalStateException"));
        assertThat(inbox.receive(SECRET, null, 0, null).status()).isEqualTo(401);
    }

    @Test
    void moreReceivesAtOnceThanTheBoundAreTurnedAwayUnread() throws Exception {
        int bound = WebhookInbox.MAX_CONCURRENT;
        CountDownLatch allReading = new CountDownLatch(bound);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(bound);
        try {
            List<Future<WebhookInbox.Answer>> busy = new ArrayList<>();
            for (int i = 0; i < bound; i++) {
                busy.add(threads.submit(() -> inbox.receive(SECRET, "t=1,v1=00", -1, new InputStream() {
                    private boolean entered;

                    @Override
                    public int read() throws IOException {
                        if (!entered) {
                            entered = true;
                            allReading.countDown();
                            try {
                                release.await();
                            } catch (InterruptedException e) {
                                throw new IOException(e);
                            }
                        }
                        return -1;
                    }
                })));
            }
            assertThat(allReading.await(30, TimeUnit.SECONDS)).isTrue();
            InputStream untouchable = new InputStream() {
                @Override
                public int read() {
                    throw new AssertionError("a turned-away webhook must not be read");
                }
            };

            WebhookInbox.Answer turnedAway = inbox.receive(SECRET, "t=1,v1=00", 10, untouchable);

            assertThat(turnedAway.status()).isEqualTo(503);
            assertThat(turnedAway.message()).startsWith("busy");
            release.countDown();
            for (Future<WebhookInbox.Answer> f : busy) {
                assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(401);
            }
            assertThat(inbox.receive(SECRET, null, 0, new ByteArrayInputStream(new byte[0]))
                            .status())
                    .as("the permits are back")
                    .isEqualTo(401);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }
}
