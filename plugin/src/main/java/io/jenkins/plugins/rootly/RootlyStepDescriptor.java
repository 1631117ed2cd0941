package io.jenkins.plugins.rootly;

import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * What the descriptors of the Rootly Pipeline steps share: they need only the build and its log (so they run outside
 * {@code node {}}), and the form checks of {@link RootlyStepSettings}' fields. Stapler finds inherited
 * {@code doFill}/{@code doCheck} methods as it finds declared ones.
 */
public abstract class RootlyStepDescriptor extends StepDescriptor {
    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
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
    public FormValidation doCheckApiUrl(@AncestorInPath Item item, @QueryParameter String value) {
        return FormChecks.mayConfigure(item) ? FormChecks.apiUrl(value) : FormValidation.ok();
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
