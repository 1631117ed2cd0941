package io.jenkins.plugins.rootly;

import hudson.AbortException;
import hudson.model.Result;
import hudson.model.TaskListener;
import io.github.rootlyworkflowrun.engine.BuildResult;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** The outcome table of docs/contract.md (section 2) in Jenkins terms: which {@link Result} a finished Rootly run gives the build. */
final class BuildOutcome {
    private BuildOutcome() {}

    static Result result(RunResult run, CompletedWithErrorsPolicy policy) {
        return result(run.outcome(), policy);
    }

    static Result result(Outcome outcome, CompletedWithErrorsPolicy policy) {
        BuildResult r = outcome.buildResult(policy);
        return switch (r) {
            case SUCCESS -> Result.SUCCESS;
            case UNSTABLE -> Result.UNSTABLE;
            case FAILURE -> Result.FAILURE;
        };
    }

    /**
     * Ends a Pipeline step with its outcome: a failing one fails the step with the one line Jenkins prints as {@code
     * ERROR: [Rootly] ...}; otherwise the line goes to the log, UNSTABLE marks the build, and the step returns a plain
     * deep copy of {@code fields}.
     */
    static void endStep(
            StepContext context,
            Outcome outcome,
            String message,
            CompletedWithErrorsPolicy policy,
            Map<String, Object> fields)
            throws Exception {
        Result buildResult = result(outcome, policy);
        String line = outcome + ": " + message;
        if (buildResult == Result.FAILURE) {
            // Jenkins prints the failure as "ERROR: ..."; printing it here too would say it twice.
            context.onFailure(new AbortException(BuildLog.PREFIX + line));
            return;
        }
        new BuildLog(context.get(TaskListener.class)).println(line);
        if (buildResult == Result.UNSTABLE) {
            context.setResult(Result.UNSTABLE);
        }
        context.onSuccess(plain(fields));
    }

    /**
     * A deep copy in the plainest collections (LinkedHashMap, ArrayList), so that what a Pipeline keeps in a
     * variable serialises with the program and needs no script approval, whatever core's maps are.
     */
    @SuppressWarnings("unchecked")
    static <T> T plain(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, plain(v)));
            return (T) copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(plain(v)));
            return (T) copy;
        }
        return value;
    }

    /**
     * Ends a Pipeline step whose engine future failed: a cancellation is the step's own stop(), which has ended it
     * already; anything else is {@link #unexpected}.
     */
    static void failUnlessCancelled(StepContext context, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (!(cause instanceof CancellationException)) {
            context.onFailure(unexpected(cause));
        }
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
