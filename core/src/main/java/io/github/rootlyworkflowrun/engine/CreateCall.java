package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.Workflow;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One create (or adoption after a restart) in flight: what it was asked, whom it tells, what it has learnt, and how
 * it turns that into a {@link RunResult}. Shared by the engine and the reconciler instead of long parameter lists.
 */
final class CreateCall {
    final RunSpec spec;
    final ProgressListener events;
    final RootlyClient client;
    /** When the step started: a wait's timeout counts from here, as does the result's elapsed time. */
    final Instant started;

    final Budget budget;
    final AtomicInteger requests = new AtomicInteger();
    private final Clock clock;
    /** Set once the workflow is resolved; read by the completion stages, possibly on another thread. */
    private volatile Workflow workflow;

    CreateCall(
            RunSpec spec, ProgressListener events, RootlyClient client, Clock clock, Instant started, Budget budget) {
        this.spec = spec;
        this.events = events;
        this.client = client;
        this.clock = clock;
        this.started = started;
        this.budget = budget;
    }

    void resolved(Workflow workflow) {
        this.workflow = workflow;
    }

    /** The workflow as the user named it, with Rootly's name for it once known (from the run or the lookup). */
    String workflowLabel(WorkflowRun run) {
        return Messages.workflowLabel(spec.workflow(), workflowName(run));
    }

    /** A failure of this call, worded by {@link Messages#failure}; nothing was created. */
    RunResult failed(Throwable error) {
        RunFailure f = Messages.failure(Messages.unwrap(error), spec, workflowLabel(null));
        Workflow w = workflow;
        return new RunResult(
                f.outcome(),
                f.getMessage(),
                null,
                w == null ? null : w.id(),
                workflowName(null),
                elapsed(),
                requests.get(),
                null);
    }

    /**
     * CREATED for {@code run}, with the ticket a wait (or a later resume) needs; {@code reportedStatus} is the status
     * already told to the user, so the wait does not tell it again.
     */
    RunResult created(WorkflowRun run, String message, String reportedStatus) {
        Workflow w = workflow;
        String name = workflowName(run);
        WaitTicket ticket = new WaitTicket(
                spec.apiUrl(),
                run.workflowId() != null ? run.workflowId() : w == null ? null : w.id(),
                name,
                run.id(),
                run.createdAtInstant(),
                started,
                started.plus(spec.timeout()),
                spec.pollInterval(),
                spec.tokenSource(),
                requests.get(),
                reportedStatus);
        return new RunResult(
                Outcome.CREATED, message, run, ticket.workflowId(), name, elapsed(), requests.get(), ticket);
    }

    private String workflowName(WorkflowRun run) {
        if (run != null && run.workflowName() != null) {
            return run.workflowName();
        }
        Workflow w = workflow;
        return w == null ? null : w.name();
    }

    private Duration elapsed() {
        return Duration.between(started, clock.instant());
    }
}
