package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RunStatus;
import io.github.rootlyworkflowrun.api.Workflow;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Duration;

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

    /** Rootly accepted the create request. */
    record RunCreated(WorkflowRun run) implements ProgressEvent {
        @Override
        public String describe() {
            return "Created workflow run " + run.id() + " of "
                    + (run.workflowName() != null ? run.workflowName() : run.workflowId()) + " (status " + run.status()
                    + ")";
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
}
