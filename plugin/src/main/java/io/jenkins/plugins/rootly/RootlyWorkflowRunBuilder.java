package io.jenkins.plugins.rootly;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.AbstractProject;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step "Run a Rootly workflow": the Pipeline step's settings (held as one {@link
 * RootlyWorkflowRunStep}, so both front ends share one model, form and help) plus the context as JSON text. It needs
 * no workspace, and exports {@code ROOTLY_WORKFLOW_RUN_ID}, {@code _STATUS} and {@code _OUTCOME}. A freestyle build
 * holds its executor for its whole length anyway; the wait itself is still the engine's timer.
 */
public final class RootlyWorkflowRunBuilder extends Builder implements SimpleBuildStep {
    private final RootlyWorkflowRunStep run;
    private final String context;

    /** {@code context} is the run's context as JSON object text, e.g. {@code {"service": "api"}}; blank for none. */
    @DataBoundConstructor
    public RootlyWorkflowRunBuilder(RootlyWorkflowRunStep run, String context) {
        this.run = run;
        this.context = RootlyRunSettings.unsetIfBlank(context);
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void perform(@NonNull Run<?, ?> build, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        if (run == null || run.getWorkflow() == null) {
            throw RootlyServices.usage("workflow: is required: give a workflow id, slug or name");
        }
        RootlyServices services = RootlyServices.get();
        RootlyServices.Defaults defaults = services.defaults();
        String id = run.effectiveCredentialsId(defaults);
        if (id == null) {
            throw RootlyServices.usage("no credential chosen and no default credential is configured under"
                    + " Manage Jenkins > System > Rootly");
        }
        String token = services.token(build, id, run.effectiveApiUrl(defaults));
        RunSpec spec;
        try {
            spec = run.toSpec(defaults, token, id, context, BuildCiContext.of(build, services.rootUrl(), env));
        } catch (UsageException e) {
            throw RootlyServices.usage(e.getMessage());
        }
        BuildLog log = new BuildLog(listener);
        if (spec.waitForCompletion() && defaults.webhooksOn()) {
            log.println(defaults.webhookNote());
        }
        AtomicReference<WorkflowRun> created = new AtomicReference<>();
        AtomicReference<String> lastStatus = new AtomicReference<>();
        CompletableFuture<RunResult> running = services.engine().run(spec, event -> {
            log.on(event);
            if (event instanceof ProgressEvent.RunCreated c) {
                created.set(c.run());
                lastStatus.set(c.run().status());
            } else if (event instanceof ProgressEvent.StatusChanged s) {
                lastStatus.set(s.status());
            }
        });
        RunResult result;
        try {
            result = running.get();
        } catch (InterruptedException aborted) {
            running.cancel(false); // reaches the waiter: no request follows the abort
            log.println("Build aborted; a run already created goes on in Rootly, which has no cancel API");
            if (created.get() != null) {
                RootlyRunAction.record(build, RunRecord.abortedWait(created.get(), lastStatus.get()));
            }
            throw aborted;
        } catch (ExecutionException e) {
            throw BuildOutcome.unexpected(e.getCause());
        }
        try {
            end(build, result, spec, log);
        } catch (RuntimeException | Error e) {
            throw BuildOutcome.unexpected(e); // one ERROR: line, as the Pipeline step gives, not a stack trace
        }
    }

    private static void end(Run<?, ?> build, RunResult result, RunSpec spec, BuildLog log) throws IOException {
        RootlyRunAction.record(build, new RunRecord(result));
        String line = result.outcome() + ": " + result.message();
        Result buildResult = BuildOutcome.result(result, spec.completedWithErrors());
        if (buildResult == Result.FAILURE) {
            throw new AbortException(BuildLog.PREFIX + line); // Jenkins prints it once, as ERROR: ...
        }
        log.println(line);
        if (buildResult == Result.UNSTABLE) {
            build.setResult(Result.UNSTABLE);
        }
    }

    /** The run's settings, shared with the Pipeline step. */
    public RootlyWorkflowRunStep getRun() {
        return run;
    }

    /** The context as JSON object text, or null. */
    public String getContext() {
        return context;
    }

    /**
     * The freestyle step's descriptor. It has no {@code @Symbol}: Pipelines use the {@code rootlyWorkflowRun} step, and a
     * symbol here would make that name ambiguous. The run's own checks are the step descriptor's.
     */
    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {
        @Override
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run a Rootly workflow";
        }

        @POST
        public FormValidation doCheckContext(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.contextJson(value) : FormValidation.ok();
        }
    }
}
