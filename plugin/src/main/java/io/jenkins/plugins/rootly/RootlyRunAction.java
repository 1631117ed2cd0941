package io.jenkins.plugins.rootly;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The Rootly workflow runs a build started, on its page (workflow, run id, status, timestamps, outcome), and the
 * {@code ROOTLY_WORKFLOW_RUN_*} variables of the latest one for later build steps.
 */
public final class RootlyRunAction implements EnvironmentContributingAction {
    private final List<RunRecord> runs = new ArrayList<>();

    /** Records (or updates, by run id) one run on {@code build} and saves the build. */
    static void record(Run<?, ?> build, RunRecord record) throws IOException {
        synchronized (build) {
            RootlyRunAction action = build.getAction(RootlyRunAction.class);
            if (action == null) {
                action = new RootlyRunAction();
                build.addAction(action);
            }
            action.put(record);
        }
        build.save();
    }

    /** Marks the recorded run {@code runId} as aborted, so the build page no longer shows it as still waiting. */
    static void recordAbort(Run<?, ?> build, String runId, String lastStatus) throws IOException {
        synchronized (build) {
            RootlyRunAction action = build.getAction(RootlyRunAction.class);
            RunRecord last = action == null ? null : action.find(runId);
            if (last == null) {
                return;
            }
            action.put(last.aborted(lastStatus));
        }
        build.save();
    }

    private synchronized RunRecord find(String runId) {
        return runs.stream()
                .filter(r -> runId != null && runId.equals(r.getRunId()))
                .findFirst()
                .orElse(null);
    }

    private synchronized void put(RunRecord record) {
        if (record.getRunId() != null) {
            runs.removeIf(r -> record.getRunId().equals(r.getRunId()));
        }
        runs.add(record);
    }

    public synchronized List<RunRecord> getRuns() {
        return List.copyOf(runs);
    }

    @Override
    public void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {
        List<RunRecord> all = getRuns();
        if (all.isEmpty()) {
            return;
        }
        RunRecord last = all.get(all.size() - 1);
        env.put("ROOTLY_WORKFLOW_RUN_ID", last.getRunId() == null ? "" : last.getRunId());
        env.put("ROOTLY_WORKFLOW_RUN_STATUS", last.getStatus() == null ? "" : last.getStatus());
        env.put("ROOTLY_WORKFLOW_RUN_OUTCOME", last.getOutcome());
    }

    @Override
    public String getIconFileName() {
        return "symbol-notifications";
    }

    @Override
    public String getDisplayName() {
        return "Rootly workflow runs";
    }

    @Override
    public String getUrlName() {
        return "rootly";
    }
}
