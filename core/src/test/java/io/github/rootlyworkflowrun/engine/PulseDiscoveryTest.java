package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import io.github.rootlyworkflowrun.testing.ScriptedPulses;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Finding the runs a pulse triggered, waiting for them all, and turning them into one outcome. */
class PulseDiscoveryTest extends PulseTestBase {
    private static final String OTHER_WF = "99999999-8888-4777-8666-555555555555";
    private static final String OFF_WF = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    private PulseSpec.Builder waiting() {
        return spec().waitForTriggered(true);
    }

    private List<ScriptedPulses.Seen> runListings() {
        return rootly.seen().stream()
                .filter(s -> s.method().equals("GET") && s.path().endsWith("/workflow_runs"))
                .toList();
    }

    @Test
    void twoRunsOneCompletesOneFailsIsFailedWithBothRuns() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ofSeconds(2), "queued", "started", "completed")
                .pulseWorkflow(NOTIFY_WF, "Notify", Duration.ofSeconds(3), "started", "failed")
                .workflow(OTHER_WF, "Incident kickoff", "incident", true)
                .workflow(OFF_WF, "Old pulse flow", "pulse", false);

        PulseResult result = pulse(waiting().build());

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.buildResult()).isEqualTo(BuildResult.FAILURE);
        assertThat(result.runIds()).containsExactly("run-1", "run-2");
        assertThat(result.runs()).extracting(RunResult::outcome).containsExactly(Outcome.SUCCEEDED, Outcome.FAILED);
        assertThat(result.runs()).allSatisfy(r -> assertThat(r.run().pulseId()).isEqualTo("pulse-1"));
        assertThat(result.message())
                .startsWith("Pulse pulse-1 started 2 runs (run-1 of Deploy notice completed, run-2 of Notify failed)."
                        + " Run run-2 of Notify ended failed after ");
        assertThat(rootly.seen())
                .as("only the pulse workflows' runs are listed")
                .noneMatch(s -> s.path().contains(OTHER_WF) || s.path().contains(OFF_WF));
        assertThat(eventsOf(ProgressEvent.PulseWorkflowsFound.class))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.count()).isEqualTo(2);
                    assertThat(e.describe())
                            .isEqualTo("2 enabled workflows are triggered by pulses (Deploy notice, Notify); looking"
                                    + " for their runs for pulse pulse-1 until 30s pass with no new one");
                });
        assertThat(eventsOf(ProgressEvent.TriggeredRunFound.class))
                .extracting(ProgressEvent::describe)
                .containsExactly(
                        // The scripted server moves a run on at each listing, the one that first shows it included.
                        "Pulse pulse-1 started run run-1 of Deploy notice (status started)",
                        "Pulse pulse-1 started run run-2 of Notify (status failed)");
        assertThat(eventsOf(ProgressEvent.SettleOver.class)).singleElement().satisfies(e -> assertThat(e.runs())
                .isEqualTo(2));
        assertThat(runListings().subList(0, 2))
                .as("discovery lists from the pulse's created_at less a minute")
                .allSatisfy(
                        s -> assertThat(s.query()).containsEntry("filter[created_at][gte]", "2026-11-29T11:59:00Z"));

        Map<String, Object> fields = result.fields();
        assertThat(fields.keySet())
                .containsExactly("outcome", "pulse_id", "summary", "source", "runs", "elapsed_seconds", "api_requests");
        assertThat(fields.get("outcome")).isEqualTo("FAILED");
        assertThat(fields.get("pulse_id")).isEqualTo("pulse-1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) fields.get("runs");
        assertThat(runs).extracting(r -> r.get("run_id")).containsExactly("run-1", "run-2");
        assertThat(runs).extracting(r -> r.get("status")).containsExactly("completed", "failed");
        assertThat(runs).extracting(r -> r.get("pulse_id")).containsOnly("pulse-1");
        assertThat(runs.get(0).keySet()).contains("workflow_name", "kind", "completed_at", "elapsed_seconds");
        assertThat((int) fields.get("api_requests"))
                .isBetween(rootly.seen().size() - 2, rootly.seen().size());
    }

    @Test
    void aRunOfAnotherPulseIsIgnored() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ofSeconds(1), "started", "completed")
                .existingRun(DEPLOY_WF, "run-old", "pulse-0", scheduler.clock().instant(), "started")
                .existingRun(DEPLOY_WF, "run-manual", null, scheduler.clock().instant(), "started");

        PulseResult result = pulse(waiting().build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.runIds()).containsExactly("run-3");
    }

    @Test
    void noPulseWorkflowIsSucceededAtOnceWithoutListingRuns() {
        rootly.workflow(OTHER_WF, "Incident kickoff", "incident", true);

        PulseResult result = pulse(waiting().build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.message()).isEqualTo("no workflow ran for pulse pulse-1");
        assertThat(result.runs()).isEmpty();
        assertThat(runListings()).isEmpty();
        assertThat(result.elapsed()).isZero();
        assertThat(eventsOf(ProgressEvent.PulseWorkflowsFound.class))
                .singleElement()
                .satisfies(e -> assertThat(e.describe())
                        .isEqualTo("No enabled workflow is triggered by pulses, so none will run for pulse pulse-1"));
        assertThat(eventsOf(ProgressEvent.SettleOver.class)).isEmpty();
    }

    @Test
    void noRunWithinTheSettleWindowIsSucceededAndDiscoveryStopsThen() {
        rootly.workflow(DEPLOY_WF, "Deploy notice", "pulse", true);

        PulseResult result = pulse(waiting().settle("20s").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.message()).isEqualTo("no workflow ran for pulse pulse-1");
        assertThat(result.elapsed()).isEqualTo(Duration.ofSeconds(20));
        assertThat(runListings())
                .extracting(s -> Duration.between(Instant.parse("2026-11-29T12:00:00Z"), s.at()))
                .as("at once, then after 1, 2, 4, 8 s, then at the end of the settle window")
                .containsExactly(
                        Duration.ZERO,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(7),
                        Duration.ofSeconds(15),
                        Duration.ofSeconds(20));
        assertThat(eventsOf(ProgressEvent.SettleOver.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .isEqualTo("No workflow ran for pulse pulse-1 within 20s"));
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aRunThatStartsWithinTheSettleWindowIsFoundAndOneAfterItIsNot() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ofSeconds(8), "started", "completed")
                .pulseWorkflow(NOTIFY_WF, "Notify", Duration.ofSeconds(40), "started", "failed");

        PulseResult result = pulse(waiting().settle("10s").build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.runIds()).containsExactly("run-1");
        // run-1 was found at 15 s (listings at 0, 1, 3, 7, 15 s), so discovery looked until 25 s.
        assertThat(runListings().get(runListings().size() - 1).at())
                .isBeforeOrEqualTo(Instant.parse("2026-11-29T12:00:25Z"));
        assertThat(eventsOf(ProgressEvent.SettleOver.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .isEqualTo("No new run for pulse pulse-1 in 10s; waiting for the 1 run found"));
    }

    @Test
    void theOutcomeIsTheWorstOfTheRuns() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "started", "completed_with_errors")
                .pulseWorkflow(NOTIFY_WF, "Notify", Duration.ZERO, "started", "completed");

        PulseResult result = pulse(waiting().completedWithErrors("failure").build());

        assertThat(result.outcome()).isEqualTo(Outcome.COMPLETED_WITH_ERRORS);
        assertThat(result.exitCode()).as("by the spec's policy").isEqualTo(1);
        assertThat(result.buildResult()).isEqualTo(BuildResult.FAILURE);
    }

    @Test
    void rankingPutsKnownFailuresBeforeLostContactAndTimeouts() {
        List<Outcome> ranked = List.of(
                Outcome.SUCCEEDED,
                Outcome.TIMED_OUT,
                Outcome.COMPLETED_WITH_ERRORS,
                Outcome.REJECTED_OR_UNREACHABLE,
                Outcome.CANCELED,
                Outcome.FAILED);
        List<RunResult> runs = ranked.stream()
                .map(o -> new RunResult(o, o.name(), null, null, null, Duration.ZERO, 0, null))
                .toList();

        assertThat(PulseDiscovery.worst(runs).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(PulseDiscovery.worst(runs.subList(0, 5)).outcome()).isEqualTo(Outcome.CANCELED);
        assertThat(PulseDiscovery.worst(runs.subList(0, 4)).outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(PulseDiscovery.worst(runs.subList(0, 3)).outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(PulseDiscovery.worst(runs.subList(0, 1)).outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(PulseDiscovery.worst(List.of(runs.get(0), runs.get(2))).outcome())
                .isEqualTo(Outcome.COMPLETED_WITH_ERRORS);
    }

    @Test
    void workflowsAreReadOnEveryPage() {
        rootly.pageSize(1)
                .workflow(OTHER_WF, "Incident kickoff", "incident", true)
                .pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "completed");

        PulseResult result = pulse(waiting().build());

        assertThat(result.runIds()).containsExactly("run-1");
        assertThat(rootly.count("GET", "/v1/workflows") - runListings().size()).isEqualTo(2);
    }

    @Test
    void rateLimitsAndServerErrorsOnDiscoveryListsAreHonouredAndRetried() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "started", "completed")
                .on("GET", "/v1/workflows/", status(429, "Retry-After", "6"))
                .on("GET", "/v1/workflows/", status(503))
                .on("GET", "/v1/workflows?", status(500));
        // The workflow list is the first discovery request: its own path is exactly /v1/workflows.
        rootly.on("GET", "/v1/workflows", status(502));

        PulseResult result = pulse(waiting().build());

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.runIds()).containsExactly("run-1");
        assertThat(eventsOf(ProgressEvent.RateLimited.class)).singleElement().satisfies(e -> {
            assertThat(e.delay()).isEqualTo(Duration.ofSeconds(6));
            assertThat(e.requestLine()).endsWith("/workflow_runs");
        });
        assertThat(eventsOf(ProgressEvent.Retrying.class)).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aDiscoveryListThatKeepsFailingEndsRejectedNamingThePulse() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "completed");
        for (int i = 0; i < Retrier.MAX_ATTEMPTS; i++) {
            rootly.on("GET", "/v1/workflows", status(500));
        }

        PulseResult result = pulse(waiting().build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.pulseId()).isEqualTo("pulse-1");
        assertThat(result.message())
                .startsWith("Stopped looking for the runs pulse pulse-1 triggered: GET ")
                .endsWith("HTTP 500 scripted 500. The pulse exists in Rootly; check its workflows' runs there.");
    }

    @Test
    void aDiscoveryFailureAfterARunWasFoundKeepsTheRunAndSaysSo() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "started", "started", "completed")
                .pulseWorkflow(NOTIFY_WF, "Notify", Duration.ZERO, "started", "completed");
        PulseSpec spec = waiting().build();
        CompletableFuture<PulseResult> future = engine.pulse(spec, events::add);
        while (eventsOf(ProgressEvent.TriggeredRunFound.class).size() < 2) {
            scheduler.runNextDue();
        }
        for (int i = 0; i < Retrier.MAX_ATTEMPTS; i++) {
            rootly.on("GET", "/v1/workflows/" + DEPLOY_WF, status(401));
        }

        PulseResult result = settle(future);

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.runIds()).containsExactly("run-1", "run-2");
        assertThat(result.message()).contains("Looking for more runs failed (");
    }

    @Test
    void theDeadlineEndsDiscoveryAndTheWaitsAlike() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ofSeconds(5), "queued", "started");

        PulseResult result = pulse(waiting().settle("2m").timeout("2m").build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.runIds()).containsExactly("run-1");
        assertThat(result.elapsed()).isLessThanOrEqualTo(Duration.ofMinutes(2));
        assertThat(rootly.seen())
                .allSatisfy(s -> assertThat(s.at()).isBeforeOrEqualTo(Instant.parse("2026-11-29T12:02:00Z")));
        assertThat(result.message()).contains("is still started after the 2m timeout");
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void cancellingDuringDiscoverySendsNoFurtherRequest() {
        rootly.workflow(DEPLOY_WF, "Deploy notice", "pulse", true);
        CompletableFuture<PulseResult> future = engine.pulse(waiting().build(), events::add);
        while (runListings().size() < 2) {
            scheduler.runNextDue();
        }
        int before = rootly.seen().size();

        future.cancel(false);
        scheduler.runAll();

        assertThat(rootly.seen()).hasSize(before);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void cancellingWhileWaitingForTheRunsStopsEveryWait() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "started")
                .pulseWorkflow(NOTIFY_WF, "Notify", Duration.ZERO, "started");
        CompletableFuture<PulseResult> future =
                engine.pulse(waiting().settle("5s").build(), events::add);
        while (eventsOf(ProgressEvent.SettleOver.class).isEmpty()) {
            scheduler.runNextDue();
        }
        int before = rootly.seen().size();
        while (rootly.seen().size() == before) {
            scheduler.runNextDue(); // a poll of the waits
        }
        before = rootly.seen().size();

        future.cancel(false);
        scheduler.runAll();

        assertThat(rootly.seen()).as("no request after the cancel").hasSize(before);
        assertThat(engine.activeGroups()).isZero();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void theTicketSurvivesSerialisationAndResumesOnAnotherEngine() throws Exception {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ofSeconds(3), "started", "started", "completed");
        PulseResult created = settle(engine.createPulse(waiting().build(), events::add));
        assertThat(created.outcome()).isEqualTo(Outcome.CREATED);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(created.ticket());
        }
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(TOKEN);
        PulseTicket restored;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            restored = (PulseTicket) in.readObject();
        }
        assertThat(restored).isEqualTo(created.ticket());

        // A restarted controller: a new scheduler and engine on the same world clock, a minute later.
        scheduler.clock().advance(Duration.ofMinutes(1));
        scheduler = new ManualScheduler(scheduler.clock());
        engine = engine(scheduler);
        PulseResult result = settle(engine.awaitTriggered(restored, ApiToken.of(TOKEN), events::add));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.runIds()).containsExactly("run-1");
        assertThat(result.apiRequests()).isGreaterThan(created.apiRequests());
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(result.ticket()).isEqualTo(restored);
    }

    @Test
    void aTicketWithoutRootlysCreationTimeSearchesFromBeforeTheStep() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "completed");
        PulseResult created = settle(engine.createPulse(waiting().build(), events::add));
        PulseTicket t = created.ticket();
        PulseTicket without = new PulseTicket(
                t.apiUrl(),
                t.tokenSource(),
                t.pulseId(),
                t.summary(),
                t.source(),
                t.requestId(),
                null,
                t.startedAt(),
                t.deadline(),
                t.settle(),
                t.pollInterval(),
                t.completedWithErrors(),
                t.requestsSoFar());

        PulseResult result = settle(engine.awaitTriggered(without, ApiToken.of(TOKEN), events::add));

        assertThat(result.runIds()).containsExactly("run-1");
        assertThat(runListings().get(0).query())
                .as("discovery, without Rootly's time, lists from 15 minutes before the step")
                .containsEntry("filter[created_at][gte]", "2026-11-29T11:45:00Z");
    }

    @Test
    void aFailedRunStaysTheOutcomeWhenDiscoveryAlsoFails() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "started", "failed")
                .pulseWorkflow(NOTIFY_WF, "Notify", Duration.ZERO, "started", "started", "completed");
        CompletableFuture<PulseResult> future = engine.pulse(waiting().build(), events::add);
        while (eventsOf(ProgressEvent.TriggeredRunFound.class).size() < 2) {
            scheduler.runNextDue();
        }
        for (int i = 0; i < Retrier.MAX_ATTEMPTS; i++) {
            rootly.on("GET", "/v1/workflows/" + NOTIFY_WF, status(403));
        }

        PulseResult result = settle(future);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.message()).contains("Looking for more runs failed (");
    }

    @Test
    void aTicketResumedAfterItsDeadlineStillLooksOnceAndReportsWhatRootlySays() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ofSeconds(2), "started", "completed");
        PulseResult created = settle(engine.createPulse(waiting().timeout("1m").build(), events::add));
        scheduler.clock().advance(Duration.ofMinutes(5)); // the controller was down past the deadline

        PulseResult result = settle(engine.awaitTriggered(created.ticket(), ApiToken.of(TOKEN), events::add));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.runIds()).containsExactly("run-1");
        assertThat(eventsOf(ProgressEvent.SettleOver.class)).hasSize(1);
    }

    @Test
    void aDeadlineThatComesBeforeTheWorkflowsAreListedIsTimedOut() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "completed")
                .on("GET", "/v1/workflows", status(429, "Retry-After", "120"));

        PulseResult result = pulse(waiting().settle("30s").timeout("1m").build());

        assertThat(result.outcome()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(result.message())
                .startsWith("The 1m timeout came before the workflows of pulse pulse-1 could be listed (")
                .endsWith("), so whether any ran is unknown; check the pulse's workflows' runs in Rootly.");
        assertThat(result.pulseId()).isEqualTo("pulse-1");
        assertThat(eventsOf(ProgressEvent.SettleOver.class)).isEmpty();
        assertThat(runListings()).isEmpty();
    }

    @Test
    void theTokenAppearsInNoEventMessageOrField() {
        rootly.pulseWorkflow(DEPLOY_WF, "Deploy notice", Duration.ZERO, "started", "failed")
                .on("POST", "/v1/pulses", status(429, "Retry-After", "2"))
                .on("GET", "/v1/workflows", status(500))
                .on("GET", "/v1/workflows/", status(401));

        PulseResult result = pulse(waiting().service("api").settle("3s").build());

        assertThat(events).isNotEmpty();
        assertThat(events).allSatisfy(e -> assertThat(e.describe() + e).doesNotContain(TOKEN));
        assertThat(result.message() + result.fields() + result.ticket()).doesNotContain(TOKEN);
    }
}
