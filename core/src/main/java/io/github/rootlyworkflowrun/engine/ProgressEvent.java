package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.CatalogEntry;
import io.github.rootlyworkflowrun.api.Pulse;
import io.github.rootlyworkflowrun.api.RunStatus;
import io.github.rootlyworkflowrun.api.Workflow;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Duration;
import java.util.List;

/** Something worth telling the user while a run is created and awaited. Each has a one-line description. */
public sealed interface ProgressEvent {

    /** A human line for logs; front ends may render the fields differently. */
    String describe();

    /** A slug or name was resolved to a workflow id. */
    record WorkflowResolved(String reference, Workflow workflow) implements ProgressEvent {
        @Override
        public String describe() {
            return "Workflow '" + reference + "' is " + workflow.name() + " (" + workflow.id() + ")";
        }
    }

    /** Rootly accepted the create request; {@code workflow} names the workflow when Rootly's answer does not. */
    record RunCreated(WorkflowRun run, String workflow) implements ProgressEvent {
        @Override
        public String describe() {
            String of = run.workflowName() != null
                    ? run.workflowName()
                    : run.workflowId() != null ? run.workflowId() : workflow;
            return "Created workflow run " + run.id() + (of != null ? " of " + of : "")
                    + (run.status() != null ? " (status " + run.status() + ")" : "");
        }
    }

    /** A run reached a new status; logged once per change. */
    record StatusChanged(String runId, RunStatus from, String status, String statusMessage, Duration elapsed)
            implements ProgressEvent {
        @Override
        public String describe() {
            return "Run " + runId + " is " + status + " after " + Durations.format(elapsed)
                    + (statusMessage != null && !statusMessage.isBlank() ? ": " + statusMessage : "");
        }
    }

    /** Rootly reported a status this version does not know; the wait goes on. */
    record UnknownStatus(String runId, String status) implements ProgressEvent {
        @Override
        public String describe() {
            return "Run " + runId + " reports unknown status '" + status + "'; treating it as still running";
        }
    }

    /** A request failed in a way that is safe to repeat; it will be tried again after {@code delay}. */
    record Retrying(String requestLine, int attempt, Duration delay, String reason) implements ProgressEvent {
        @Override
        public String describe() {
            return "Retrying " + requestLine + " in " + Durations.format(delay.plusMillis(999)) + " (attempt "
                    + (attempt + 1) + "): " + reason;
        }
    }

    /** Rootly's rate limit asks us to wait. */
    record RateLimited(String requestLine, Duration delay) implements ProgressEvent {
        @Override
        public String describe() {
            return "Rate limited by Rootly; waiting " + Durations.format(delay.plusMillis(999)) + " before "
                    + requestLine;
        }
    }

    /** A create request may or may not have reached Rootly; its runs are being searched for our request id. */
    record Reconciling(String requestId, String reason) implements ProgressEvent {
        @Override
        public String describe() {
            return "Create request outcome unclear (" + reason + "); looking for a run with request id " + requestId;
        }
    }

    /** The run of an ambiguous create was found and adopted, so no second run is created. */
    record Reconciled(String runId) implements ProgressEvent {
        @Override
        public String describe() {
            return "Found the run created by the ambiguous request: " + runId;
        }
    }

    /**
     * Rootly's webhook said run {@code runId} changed, so it is listed again after {@code delay} (zero: now; longer
     * while a pause Rootly asked for lasts); {@code delay} is null when a check is in progress, which is repeated
     * right after if it began before the report.
     */
    record ChangeReported(String runId, Duration delay) implements ProgressEvent {
        @Override
        public String describe() {
            String when = delay == null
                    ? "a check is in progress"
                    : delay.compareTo(Duration.ofSeconds(1)) < 0
                            ? "checking it now"
                            : "checking it in " + Durations.format(delay.plusMillis(999))
                                    + ", when the pause Rootly asked for ends";
            return "Rootly reported a change to run " + runId + "; " + when;
        }
    }

    /** A run awaited was absent from the list Rootly returned. */
    record RunNotListed(String runId, int times) implements ProgressEvent {
        @Override
        public String describe() {
            return "Run " + runId + " was not in Rootly's list of runs (" + times + " time" + (times == 1 ? "" : "s")
                    + "); still waiting";
        }
    }

    /** Part of an answer was unreadable and was ignored (a malformed rate-limit header); the call still counts. */
    record AnswerIgnoredInPart(String warning) implements ProgressEvent {
        @Override
        public String describe() {
            return "Warning: " + warning;
        }
    }

    /** Rootly's rate-limit budget is nearly spent, so the next request waits for it to refill. */
    record Pacing(Duration delay, Integer remaining) implements ProgressEvent {
        @Override
        public String describe() {
            return "Rootly's rate limit is nearly used up"
                    + (remaining != null ? " (" + remaining + " request" + (remaining == 1 ? "" : "s") + " left)" : "")
                    + "; waiting " + Durations.format(delay.plusMillis(999)) + " before the next request";
        }
    }

    /**
     * A retry or a pause Rootly asked for would outlast the wait's timeout, so the wait does not sleep through it;
     * it checks the run once more just before the timeout instead.
     */
    record PauseSkipped(String requestLine, String reason, boolean rateLimited, Duration asked, Duration untilLastCheck)
            implements ProgressEvent {
        @Override
        public String describe() {
            String request = requestLine != null ? requestLine : "the next request";
            String pause = Durations.format(asked.plusMillis(999));
            return (rateLimited
                            ? "Rate limited by Rootly" + (reason != null ? " (" + reason + ")" : "") + "; not waiting "
                                    + pause + " before " + request
                            : "Not waiting " + pause + " to retry " + request
                                    + (reason != null ? " (" + reason + ")" : ""))
                    + ": that is past the timeout; checking the run once more in "
                    + Durations.format(untilLastCheck.plusMillis(999));
        }
    }

    /** Rootly's paging pointed back to a page already read; the listing stops there rather than loop. */
    record PagingLoop(int page, Integer nextPage) implements ProgressEvent {
        @Override
        public String describe() {
            return "Rootly's list of runs loops: page " + page
                    + (nextPage != null
                            ? " names page " + nextPage + " as the next, which was already read"
                            : " holds only runs already read")
                    + "; reading no further pages (runs on later pages may be missed)";
        }
    }

    /** One listing named the same run more than once, e.g. because runs were added while it was paged. */
    record DuplicateRuns(List<String> runIds) implements ProgressEvent {
        @Override
        public String describe() {
            return "Rootly's list of runs holds " + (runIds.size() == 1 ? "run " : "runs ") + String.join(", ", runIds)
                    + " more than once; using the copy read last";
        }
    }

    /** No run carried the request id yet; the search for an ambiguous create's run is repeated after a pause. */
    record SearchingAgain(String requestId, Duration delay) implements ProgressEvent {
        @Override
        public String describe() {
            return "No run with request id " + requestId + " yet; searching again in " + Durations.format(delay);
        }
    }

    /** A service or environment named by slug or name was resolved to its id; {@code field} says which kind. */
    record CatalogResolved(String field, String reference, CatalogEntry entry) implements ProgressEvent {
        @Override
        public String describe() {
            String kind = field.equals("environments") ? "Environment" : "Service";
            return kind + " '" + reference + "' is " + entry.name() + " (" + entry.id() + ")";
        }
    }

    /** Rootly accepted the pulse. */
    record PulseCreated(Pulse pulse) implements ProgressEvent {
        @Override
        public String describe() {
            return "Created pulse " + pulse.id() + (pulse.summary() != null ? ": " + pulse.summary() : "");
        }
    }

    /**
     * The enabled workflows that pulses trigger were listed; their runs for the pulse are looked for until
     * {@code settle} passes with no new one.
     */
    record PulseWorkflowsFound(String pulseId, List<Workflow> workflows, Duration settle) implements ProgressEvent {
        public PulseWorkflowsFound {
            workflows = List.copyOf(workflows);
        }

        public int count() {
            return workflows.size();
        }

        @Override
        public String describe() {
            if (workflows.isEmpty()) {
                return "No enabled workflow is triggered by pulses, so none will run for pulse " + pulseId;
            }
            return workflows.size() + " enabled workflow" + (workflows.size() == 1 ? " is" : "s are")
                    + " triggered by pulses ("
                    + String.join(
                            ", ",
                            workflows.stream()
                                    .map(w -> w.name() != null ? w.name() : w.id())
                                    .toList())
                    + "); looking for their runs for pulse " + pulseId + " until " + Durations.format(settle)
                    + " pass with no new one";
        }
    }

    /** A run the pulse triggered was found; it is awaited from now on. */
    record TriggeredRunFound(WorkflowRun run, String workflow) implements ProgressEvent {
        @Override
        public String describe() {
            return "Pulse " + run.pulseId() + " started run " + run.id() + " of " + workflow
                    + (run.status() != null ? " (status " + run.status() + ")" : "");
        }
    }

    /** Discovery stopped looking: {@code settle} passed with no new run (or the deadline came); {@code runs} were found. */
    record SettleOver(String pulseId, int runs, Duration settle) implements ProgressEvent {
        @Override
        public String describe() {
            return runs == 0
                    ? "No workflow ran for pulse " + pulseId + " within " + Durations.format(settle)
                    : "No new run for pulse " + pulseId + " in " + Durations.format(settle) + "; waiting for the "
                            + runs + " run" + (runs == 1 ? "" : "s") + " found";
        }
    }

    /** A pulse create may or may not have reached Rootly; pulses are being searched for our {@code request_id} ref. */
    record PulseReconciling(String requestId, String reason) implements ProgressEvent {
        @Override
        public String describe() {
            return "Pulse create outcome unclear (" + reason + "); looking for a pulse with ref request_id="
                    + requestId;
        }
    }

    /** No pulse carried the request id yet; the search is repeated after a pause. */
    record PulseSearchingAgain(String requestId, Duration delay) implements ProgressEvent {
        @Override
        public String describe() {
            return "No pulse with ref request_id=" + requestId + " yet; searching again in " + Durations.format(delay);
        }
    }

    /** The pulse of an ambiguous create was found and adopted, so no second pulse is created. */
    record PulseReconciled(String pulseId) implements ProgressEvent {
        @Override
        public String describe() {
            return "Found the pulse created by the ambiguous request: " + pulseId;
        }
    }
}
