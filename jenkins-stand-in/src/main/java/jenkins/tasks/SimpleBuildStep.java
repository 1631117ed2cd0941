package jenkins.tasks;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStep;
import io.github.rootlyworkflowrun.standin.StandIn;
import java.io.IOException;

/** Stand-in (test double) of {@code jenkins.tasks.SimpleBuildStep}: the workspace-free form the plugin uses. */
public interface SimpleBuildStep extends BuildStep {
    default void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        throw StandIn.unsupported();
    }

    default boolean requiresWorkspace() {
        return true;
    }
}
