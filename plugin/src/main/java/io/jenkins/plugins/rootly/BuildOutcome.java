package io.jenkins.plugins.rootly;

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
}
