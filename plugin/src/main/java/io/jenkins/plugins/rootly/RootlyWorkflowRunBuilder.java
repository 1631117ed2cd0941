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
import hudson.util.ListBoxModel;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle build step "Run a Rootly workflow": the same fields as the Pipeline step, with the context as JSON
 * text. It needs no workspace, and exports {@code ROOTLY_WORKFLOW_RUN_ID}, {@code _STATUS} and {@code _OUTCOME}.
 * A freestyle build holds its executor for its whole length anyway; the wait itself is still the engine's timer.
 */
public final class RootlyWorkflowRunBuilder extends Builder implements SimpleBuildStep {
    private final String workflow;
    private String credentialsId;
    private String apiUrl;
    private String incidentId;
    private String postMortemId;
    private String actionItemId;
    private String alertId;
    private String pulseId;
    private String context;
    private boolean immediate = true;
    private boolean checkConditions;
    private boolean wait;
    private String timeout;
    private String pollInterval;
    private String completedWithErrors = CompletedWithErrorsPolicy.UNSTABLE.name();
    private boolean includeCiContext = true;

    @DataBoundConstructor
    public RootlyWorkflowRunBuilder(String workflow) {
        this.workflow = workflow;
    }

    @Override
    public boolean requiresWorkspace() {
        return false;
    }

    @Override
    public void perform(@NonNull Run<?, ?> run, @NonNull EnvVars env, @NonNull TaskListener listener)
            throws InterruptedException, IOException {
        RootlyServices services = RootlyServices.get();
        RootlyServices.Defaults defaults = services.defaults();
        StepParameters parameters = new StepParameters(
                workflow,
                credentialsId,
                apiUrl,
                incidentId,
                postMortemId,
                actionItemId,
                alertId,
                pulseId,
                null,
                context,
                immediate,
                checkConditions,
                wait,
                timeout,
                pollInterval,
                completedWithErrors,
                includeCiContext);
        String id = parameters.effectiveCredentialsId(defaults);
        if (id == null) {
            throw RootlyServices.usage("no credential chosen and no default credential is configured under"
                    + " Manage Jenkins > System > Rootly");
        }
        String token = services.token(run, id, parameters.effectiveApiUrl(defaults));
        RunSpec spec;
        try {
            spec = parameters.toSpec(defaults, env, token, id);
        } catch (UsageException e) {
            throw RootlyServices.usage(e.getMessage());
        }
        BuildLog log = new BuildLog(listener);
        CompletableFuture<RunResult> running = services.engine().run(spec, log);
        RunResult result;
        try {
            result = running.get();
        } catch (InterruptedException aborted) {
            running.cancel(false);
            log.println("Build aborted; a run already created goes on in Rootly, which has no cancel API");
            throw aborted;
        } catch (ExecutionException e) {
            throw new IOException("Rootly workflow run failed unexpectedly", e.getCause());
        }
        RootlyRunAction.record(run, new RunRecord(result));
        log.println(result.outcome() + ": " + result.message());
        Result buildResult = BuildOutcome.result(result, spec.completedWithErrors());
        if (buildResult == Result.FAILURE) {
            throw new AbortException(result.message());
        }
        if (buildResult == Result.UNSTABLE) {
            run.setResult(Result.UNSTABLE);
        }
    }

    public String getWorkflow() {
        return workflow;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = credentialsId;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = apiUrl;
    }

    public String getIncidentId() {
        return incidentId;
    }

    @DataBoundSetter
    public void setIncidentId(String incidentId) {
        this.incidentId = incidentId;
    }

    public String getPostMortemId() {
        return postMortemId;
    }

    @DataBoundSetter
    public void setPostMortemId(String postMortemId) {
        this.postMortemId = postMortemId;
    }

    public String getActionItemId() {
        return actionItemId;
    }

    @DataBoundSetter
    public void setActionItemId(String actionItemId) {
        this.actionItemId = actionItemId;
    }

    public String getAlertId() {
        return alertId;
    }

    @DataBoundSetter
    public void setAlertId(String alertId) {
        this.alertId = alertId;
    }

    public String getPulseId() {
        return pulseId;
    }

    @DataBoundSetter
    public void setPulseId(String pulseId) {
        this.pulseId = pulseId;
    }

    public String getContext() {
        return context;
    }

    /** The run's context as JSON object text, e.g. {@code {"service": "api"}}. */
    @DataBoundSetter
    public void setContext(String context) {
        this.context = context;
    }

    public boolean isImmediate() {
        return immediate;
    }

    @DataBoundSetter
    public void setImmediate(boolean immediate) {
        this.immediate = immediate;
    }

    public boolean isCheckConditions() {
        return checkConditions;
    }

    @DataBoundSetter
    public void setCheckConditions(boolean checkConditions) {
        this.checkConditions = checkConditions;
    }

    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getPollInterval() {
        return pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = pollInterval;
    }

    public String getCompletedWithErrors() {
        return completedWithErrors;
    }

    @DataBoundSetter
    public void setCompletedWithErrors(String completedWithErrors) {
        this.completedWithErrors = completedWithErrors;
    }

    public boolean isIncludeCiContext() {
        return includeCiContext;
    }

    @DataBoundSetter
    public void setIncludeCiContext(boolean includeCiContext) {
        this.includeCiContext = includeCiContext;
    }

    /**
     * The freestyle step's descriptor. It has no {@code @Symbol}: Pipelines use the {@code rootlyWorkflowRun} step, and a
     * symbol here would make that name ambiguous.
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
        public ListBoxModel doFillCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String apiUrl, @QueryParameter String credentialsId) {
            return FormChecks.credentialsItems(item, apiUrl, credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(
                @AncestorInPath Item item, @QueryParameter String value, @QueryParameter String apiUrl) {
            return FormChecks.mayConfigure(item) ? FormChecks.credentialsId(item, value, apiUrl) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckWorkflow(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.workflow(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckApiUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.apiUrl(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckContext(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.contextJson(value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckTimeout(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.duration("timeout", value) : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckPollInterval(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.mayConfigure(item) ? FormChecks.duration("pollInterval", value) : FormValidation.ok();
        }

        @POST
        public ListBoxModel doFillCompletedWithErrorsItems(@AncestorInPath Item item) {
            return FormChecks.completedWithErrorsItems();
        }
    }
}
