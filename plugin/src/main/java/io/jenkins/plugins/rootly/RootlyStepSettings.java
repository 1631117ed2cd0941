package io.jenkins.plugins.rootly;

import hudson.AbortException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.RunSpec;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every Rootly step shares: which Rootly and which token, how long to wait and how often to look, what
 * {@code completed_with_errors} means for the build, and whether CI context goes along. {@code rootlyWorkflowRun}
 * and {@code rootlyPulse} add their own fields on top.
 *
 * <p>Every optional field is nullable and its getter applies the default: XStream fills fields without running
 * initialisers or constructors, so a config.xml written before a field existed (or by hand, or over REST) must not
 * turn a default into {@code false}. Setters treat blank text as unset, so the Snippet Generator leaves empty
 * fields out instead of writing {@code ''}.
 */
public abstract class RootlyStepSettings extends Step {
    private String credentialsId;
    private String apiUrl;
    private String timeout;
    private String pollInterval;
    private String completedWithErrors;
    private Boolean includeCiContext;

    /** The API URL in force: the step's, else the global one, else Rootly's. */
    final String effectiveApiUrl(RootlyServices.Defaults defaults) {
        return firstNonBlank(apiUrl, defaults.apiUrl(), RootlyClient.DEFAULT_API_URL);
    }

    /** The credentials id in force, or null when neither the step nor the global configuration names one. */
    final String effectiveCredentialsId(RootlyServices.Defaults defaults) {
        return firstNonBlank(credentialsId, defaults.credentialsId(), null);
    }

    /** The credentials id in force; a usage error, before anything is sent, when there is none. */
    final String requireCredentialsId(RootlyServices.Defaults defaults) throws AbortException {
        String id = effectiveCredentialsId(defaults);
        if (id == null) {
            throw RootlyServices.usage("credentialsId is not set and no default credential is configured under"
                    + " Manage Jenkins > System > Rootly; set one of them to a Secret text credential");
        }
        return id;
    }

    /** The timeout text in force (the step's, else the global one), or null for core's default. */
    final String effectiveTimeout(RootlyServices.Defaults defaults) {
        return firstNonBlank(timeout, defaults.timeout(), null);
    }

    /**
     * The poll interval text in force: with webhooks on, the global fallback interval; otherwise the step's, else the
     * global one, else null for core's default.
     */
    final String effectivePollInterval(RootlyServices.Defaults defaults) {
        return defaults.waitPollInterval(pollInterval);
    }

    static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a.strip();
        }
        if (b != null && !b.isBlank()) {
            return b.strip();
        }
        return fallback;
    }

    static String unsetIfBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = unsetIfBlank(credentialsId);
    }

    public String getApiUrl() {
        return apiUrl;
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = unsetIfBlank(apiUrl);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = unsetIfBlank(timeout);
    }

    public String getPollInterval() {
        return pollInterval;
    }

    @DataBoundSetter
    public void setPollInterval(String pollInterval) {
        this.pollInterval = unsetIfBlank(pollInterval);
    }

    /** Default UNSTABLE, the contract's mapping of {@code completed_with_errors}. */
    public String getCompletedWithErrors() {
        return completedWithErrors == null ? RunSpec.DEFAULT_COMPLETED_WITH_ERRORS.name() : completedWithErrors;
    }

    @DataBoundSetter
    public void setCompletedWithErrors(String completedWithErrors) {
        this.completedWithErrors = unsetIfBlank(completedWithErrors);
    }

    /** Default true: without a request id an ambiguous create cannot be reconciled. */
    public boolean isIncludeCiContext() {
        return includeCiContext == null || includeCiContext;
    }

    @DataBoundSetter
    public void setIncludeCiContext(boolean includeCiContext) {
        this.includeCiContext = includeCiContext;
    }
}
