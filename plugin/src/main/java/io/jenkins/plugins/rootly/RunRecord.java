package io.jenkins.plugins.rootly;

import io.github.rootlyworkflowrun.api.WorkflowRun;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * One Rootly workflow run as the build page shows it. A plain class with final fields, which is how Jenkins persists
 * build actions in build.xml; it holds no secret.
 */
public final class RunRecord implements Serializable {
    private static final long serialVersionUID = 1L;
    /** The outcome shown when the build was aborted during the wait; not a Rootly outcome. */
    static final String ABORTED = "ABORTED";

    private final String outcome;
    private final String runId;
    private final String status;
    private final String statusMessage;
    private final String workflowId;
    private final String workflowName;
    private final String createdAt;
    private final String finishedAt;
    private final long elapsedSeconds;
    private final String message;

    RunRecord(RunResult result) {
        this(result.fields(), result.message());
    }

    /** A run from its output fields (docs/contract.md, section 5), as a pulse's result lists them. */
    RunRecord(Map<String, ?> f, String message) {
        this.outcome = (String) f.get("outcome");
        this.runId = (String) f.get("run_id");
        this.status = (String) f.get("status");
        this.statusMessage = (String) f.get("status_message");
        this.workflowId = (String) f.get("workflow_id");
        this.workflowName = (String) f.get("workflow_name");
        this.createdAt = (String) f.get("created_at");
        Object finished = f.get("completed_at") != null
                ? f.get("completed_at")
                : f.get("failed_at") != null ? f.get("failed_at") : f.get("canceled_at");
        this.finishedAt = (String) finished;
        this.elapsedSeconds = f.get("elapsed_seconds") instanceof Number n ? n.longValue() : 0;
        this.message = message;
    }

    private RunRecord(RunRecord r, String outcome, String status, String message) {
        this.outcome = outcome;
        this.runId = r.runId;
        this.status = status;
        this.statusMessage = r.statusMessage;
        this.workflowId = r.workflowId;
        this.workflowName = r.workflowName;
        this.createdAt = r.createdAt;
        this.finishedAt = r.finishedAt;
        this.elapsedSeconds = r.elapsedSeconds;
        this.message = message;
    }

    /** A run as first seen (created by the build, or found for its pulse), still to be waited for: CREATED. */
    static RunRecord found(WorkflowRun run) {
        return new RunRecord(
                new RunResult(Outcome.CREATED, "", run, run.workflowId(), run.workflowName(), Duration.ZERO, 0, null));
    }

    /** A run the build stopped waiting for before any result: as created, marked ABORTED. */
    static RunRecord abortedWait(WorkflowRun run, String lastStatus) {
        return found(run).aborted(lastStatus);
    }

    /** The record once the build stopped waiting: the run as last seen, marked ABORTED (it goes on in Rootly). */
    RunRecord aborted(String lastStatus) {
        return new RunRecord(
                this,
                ABORTED,
                lastStatus != null ? lastStatus : status,
                "Build aborted while waiting; the run goes on in Rootly, which has no cancel API");
    }

    /**
     * The record of a run seen reaching the terminal {@code status} before the build stopped waiting, so before its
     * outcome was worked out: that status, and no outcome.
     */
    RunRecord endedUnreported(String status) {
        return new RunRecord(this, null, status, null);
    }

    public String getOutcome() {
        return outcome;
    }

    public String getRunId() {
        return runId;
    }

    public String getStatus() {
        return status;
    }

    public String getStatusMessage() {
        return statusMessage;
    }

    public String getWorkflowId() {
        return workflowId;
    }

    public String getWorkflowName() {
        return workflowName;
    }

    /** The workflow's name, else its id, for the build page. */
    public String getWorkflowLabel() {
        return workflowName != null ? workflowName : workflowId;
    }

    public String getCreatedAt() {
        return createdAt;
    }

    public String getFinishedAt() {
        return finishedAt;
    }

    public long getElapsedSeconds() {
        return elapsedSeconds;
    }

    public String getMessage() {
        return message;
    }
}
