package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RunStatus;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The wording of a wait's endings: terminal, timed out, or contact lost; each says whether the run goes on. */
final class WaitEndings implements WaitGroup.ResultMaker {
    private final Clock clock;

    WaitEndings(Clock clock) {
        this.clock = clock;
    }

    @Override
    public RunResult terminal(WaitGroup.Waiter w, Instant now) {
        WorkflowRun run = w.lastRun;
        RunStatus status = run.runStatus();
        Outcome outcome =
                switch (status) {
                    case COMPLETED -> Outcome.SUCCEEDED;
                    case COMPLETED_WITH_ERRORS -> Outcome.COMPLETED_WITH_ERRORS;
                    case FAILED -> Outcome.FAILED;
                    default -> Outcome.CANCELED;
                };
        Duration elapsed = Duration.between(w.ticket.startedAt(), now);
        String why = run.statusMessage() != null && !run.statusMessage().isBlank() ? ": " + run.statusMessage() : "";
        String next =
                switch (outcome) {
                    case SUCCEEDED -> "";
                    case COMPLETED_WITH_ERRORS -> ". Some tasks failed; see the run's task list in Rootly.";
                    case FAILED -> ". See the run in Rootly for the failing task.";
                    default -> ". It was canceled in Rootly.";
                };
        return result(
                w,
                outcome,
                "Run " + run.id() + " of " + label(w) + " ended " + run.status() + " after " + Durations.format(elapsed)
                        + why + next,
                elapsed);
    }

    @Override
    public RunResult timedOut(WaitGroup.Waiter w, Instant now) {
        String timeout = Durations.format(Duration.between(w.ticket.startedAt(), w.ticket.deadline()));
        String run = "Run " + w.ticket.runId() + " of " + label(w);
        String what = w.listed
                ? run + " is still " + w.lastRawStatus + " after the " + timeout + " timeout"
                : run + " was created but never appeared in Rootly's list of the workflow's runs within the " + timeout
                        + " timeout, so its status is unknown";
        String problem = w.lastProblem != null ? " (the last check got no answer: " + w.lastProblem + ")" : "";
        String next = w.listed
                ? "raise the timeout or check why the workflow is slow."
                : "check it there, and that the token may list the workflow's runs.";
        return result(
                w,
                Outcome.TIMED_OUT,
                what + problem + ". The run goes on in Rootly (it has no cancel API); " + next,
                Duration.between(w.ticket.startedAt(), now));
    }

    @Override
    public RunResult lostContact(WaitGroup.Waiter w, Throwable error) {
        Throwable cause = Messages.unwrap(error);
        String what = cause instanceof RootlyApiException e ? e.getMessage() : "unexpected " + Messages.describe(cause);
        return result(
                w,
                Outcome.REJECTED_OR_UNREACHABLE,
                "Stopped waiting for run " + w.ticket.runId() + " of " + label(w) + ": " + what
                        + ". The run goes on in Rootly; check its status there.",
                Duration.between(w.ticket.startedAt(), clock.instant()));
    }

    private static String label(WaitGroup.Waiter w) {
        return w.ticket.workflowName() != null
                ? w.ticket.workflowName()
                : w.ticket.workflowId() != null ? w.ticket.workflowId() : "its workflow";
    }

    private static RunResult result(WaitGroup.Waiter w, Outcome outcome, String message, Duration elapsed) {
        return new RunResult(
                outcome,
                message,
                w.lastRun,
                w.ticket.workflowId(),
                w.ticket.workflowName(),
                elapsed,
                w.requests.get(),
                w.ticket);
    }
}
