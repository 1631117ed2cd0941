package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;

/** Stand-in (test double) of {@code hudson.model.EnvironmentContributingAction}. */
public interface EnvironmentContributingAction extends Action {
    default void buildEnvironment(@NonNull Run<?, ?> run, @NonNull EnvVars env) {}
}
