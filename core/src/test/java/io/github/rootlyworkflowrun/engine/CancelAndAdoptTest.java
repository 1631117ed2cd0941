package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.testing.ApiJson;
import io.github.rootlyworkflowrun.testing.ScriptedRootly;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Cancelling a create-and-wait stops every request; a run whose create answer was lost is found by request id. */
class CancelAndAdoptTest extends EngineTestBase {

    @Test
    void cancellingRunWhileWaitingSendsNoFurtherRequest() {
        rootly.nextRunGoesThrough("queued", "queued", "queued", "queued", "completed");
        CompletableFuture<RunResult> running =
                engine.run(spec().waitForCompletion(true).build(), events::add);
        while (rootly.count("GET", "/workflow_runs") < 1) {
            scheduler.runNextDue();
        }
        int before = rootly.seen().size();

        running.cancel(false);
        scheduler.runAll();

        assertThat(rootly.seen()).as("no request after the cancel").hasSize(before);
        assertThat(scheduler.pending()).as("no poll left scheduled").isZero();
        assertThat(engine.activeGroups()).isZero();
    }

    @Test
    void cancellingRunDuringTheCreateNeverStartsTheWait() {
        rootly.nextRunGoesThrough("queued", "completed");
        CompletableFuture<RunResult> running =
                engine.run(spec().waitForCompletion(true).build(), events::add);

        running.cancel(false);
        scheduler.runAll();

        // Counted by events rather than by GETs: a slow first answer may be reconciled by a list request.
        assertThat(eventsOf(ProgressEvent.StatusChanged.class)).as("no poll").isEmpty();
        assertThat(eventsOf(ProgressEvent.RunNotListed.class)).as("no poll").isEmpty();
        assertThat(engine.activeGroups()).isZero();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void cancellingWhileTheWorkflowIsResolvedSendsNoCreate() {
        rootly.onWorkflowLookup(ScriptedRootly.json(
                200, ApiJson.list(List.of(ApiJson.workflowData(ApiJson.WORKFLOW_ID, "deploy", "Deploy")), 1, 1)));
        CompletableFuture<RunResult> running =
                engine.run(spec().workflow("deploy").waitForCompletion(true).build(), events::add);

        running.cancel(false);
        scheduler.runAll();

        assertThat(rootly.count("GET", "/v1/workflows"))
                .as("the lookup in flight went out")
                .isEqualTo(1);
        assertThat(rootly.count("POST", ""))
                .as("but no create after the cancel")
                .isZero();
        assertThat(rootly.runs()).isEmpty();
    }

    @Test
    void adoptFindsTheRunByRequestIdAndTheWaitKeepsTheOriginalDeadline() {
        Instant startedAt = scheduler.clock().instant();
        rootly.existingRun("lost-answer", "req-1", startedAt, "queued", "started", "completed");
        scheduler.clock().advance(Duration.ofMinutes(2)); // the controller restarted meanwhile

        RunResult adopted = settle(engine.adopt(spec().timeout("10m").build(), startedAt, events::add));

        assertThat(adopted.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(adopted.ticket().runId()).isEqualTo("lost-answer");
        assertThat(adopted.ticket().deadline()).isEqualTo(startedAt.plus(Duration.ofMinutes(10)));
        assertThat(rootly.count("POST", "")).as("nothing created again").isZero();
        assertThat(eventsOf(ProgressEvent.Reconciled.class)).singleElement().satisfies(r -> assertThat(r.runId())
                .isEqualTo("lost-answer"));

        RunResult waited = settle(engine.await(adopted.ticket(), ApiToken.of(TOKEN), events::add));
        assertThat(waited.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void adoptWithNoSuchRunSaysTheCreateNeverArrived() {
        Instant startedAt = scheduler.clock().instant();
        rootly.existingRun("someone-elses", "other-request", startedAt, "completed");

        RunResult adopted = settle(engine.adopt(spec().build(), startedAt, events::add));

        assertThat(adopted.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(adopted.message()).contains("req-1").contains("never reached Rootly");
        assertThat(adopted.ticket()).isNull();
        assertThat(rootly.count("POST", "")).isZero();
        assertThat(rootly.count("GET", "/workflow_runs"))
                .as("searched with the same grace as a reconciled create (a retried GET may add one)")
                .isGreaterThanOrEqualTo(Reconciler.SEARCHES.size());
    }
}
