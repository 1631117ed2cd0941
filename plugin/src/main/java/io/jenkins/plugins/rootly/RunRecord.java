package io.jenkins.plugins.rootly;

import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.Serializable;
import java.util.Map;

/**
 * One Rootly workflow run as the build page shows it. A plain class with final fields, which is how Jenkins persists
 * build actions in build.xml; it holds no secret.
 */
public final class RunRecord implements Serializable {
    private static final long serialVersionUID = 1L;

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
        Map<String, Object> f = result.fields();
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
        this.elapsedSeconds = ((Number) f.get("elapsed_seconds")).longValue();
        this.message = result.message();
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
