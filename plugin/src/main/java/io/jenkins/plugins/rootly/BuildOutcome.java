package io.jenkins.plugins.rootly;

import hudson.AbortException;
import hudson.model.Result;
import io.github.rootlyworkflowrun.engine.BuildResult;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunResult;

/** The outcome table of docs/contract.md (section 2) in Jenkins terms: which {@link Result} a finished Rootly run gives the build. */
final class BuildOutcome {
    private BuildOutcome() {}

    static Result result(RunResult run, CompletedWithErrorsPolicy policy) {
        BuildResult r = run.outcome().buildResult(policy);
        return switch (r) {
            case SUCCESS -> Result.SUCCESS;
            case UNSTABLE -> Result.UNSTABLE;
            case FAILURE -> Result.FAILURE;
        };
    }

    /**
     * Anything that ends a build other than a mapped outcome, as one line: Jenkins prints an AbortException as a single
     * {@code ERROR:} line, and any other throwable (an Error in the engine's work, a bug) with its stack trace.
     */
    static AbortException unexpected(Throwable error) {
        if (error instanceof AbortException abort) {
            return abort;
        }
        String message = error.getMessage();
        return new AbortException(
                BuildLog.PREFIX + "Unexpected " + error.getClass().getSimpleName()
                        + (message == null || message.isBlank()
                                ? ""
                                : ": " + message.lines().findFirst().orElse(""))
                        + "; a run already created goes on in Rootly: check the workflow's runs there before running the"
                        + " step again.");
    }
}
