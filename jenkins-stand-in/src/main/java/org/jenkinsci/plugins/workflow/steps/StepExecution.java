package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Stand-in (test double) of workflow-step-api's {@code StepExecution}: holds its context, as the real one does. */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StepContext context;

    protected StepExecution(@NonNull StepContext context) {
        this.context = context;
    }

    @NonNull
    public StepContext getContext() {
        return context;
    }

    public abstract boolean start() throws Exception;

    public void stop(@NonNull Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    public void onResume() {}

    @CheckForNull
    public String getStatus() {
        return null;
    }
}
