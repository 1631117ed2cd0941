package io.jenkins.plugins.rootly;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The settings of one Rootly workflow run, in one place for every front end: the Pipeline step extends this class and
 * the freestyle builder holds a step, so a new parameter is one field here, one jelly line and one help file.
 *
 * <p>Every optional field is nullable and its getter applies the default: XStream fills fields without running
 * initialisers or constructors, so a config.xml written before a field existed (or by hand, or over REST) must not
 * turn a default into {@code false}. Setters treat blank text as unset, so the Snippet Generator leaves empty
 * fields out instead of writing {@code ''}.
 */
public abstract class RootlyRunSettings extends Step {
    private final String workflow;
    private String credentialsId;
    private String apiUrl;
    private String incidentId;
    private String postMortemId;
    private String actionItemId;
    private String alertId;
    private String pulseId;
    private Boolean immediate;
    private Boolean checkConditions;
    private Boolean wait;
    private String timeout;
    private String pollInterval;
    private String completedWithErrors;
    private Boolean includeCiContext;

    protected RootlyRunSettings(String workflow) {
        this.workflow = unsetIfBlank(workflow);
    }

    /** The step's context map; null for a front end whose context is JSON text. */
    abstract Map<String, ?> contextMap();

    /** Builds the core spec; step values win over the global defaults, which win over the contract's defaults. */
    final RunSpec toSpec(
            RootlyServices.Defaults defaults,
            String token,
            String credentialsId,
            String contextJson,
            Map<String, Object> ciContext) {
        return RunSpec.builder()
                .apiUrl(effectiveApiUrl(defaults))
                .token(token, "credentials '" + credentialsId + "'")
                .workflow(workflow)
                .targets(incidentId, postMortemId, actionItemId, alertId, pulseId)
                .contextJson(contextJson)
                .context(contextMap())
                .immediate(isImmediate())
                .checkConditions(isCheckConditions())
                .waitForCompletion(isWait())
                .timeout(firstNonBlank(timeout, defaults.timeout(), null))
                .pollInterval(defaults.waitPollInterval(pollInterval))
                .completedWithErrors(completedWithErrors)
                .ciContext(isIncludeCiContext() ? ciContext : null)
                .build();
    }

    /** The API URL in force: the step's, else the global one, else Rootly's. */
    final String effectiveApiUrl(RootlyServices.Defaults defaults) {
        return firstNonBlank(apiUrl, defaults.apiUrl(), RootlyClient.DEFAULT_API_URL);
    }

    /** The credentials id in force, or null when neither the step nor the global configuration names one. */
    final String effectiveCredentialsId(RootlyServices.Defaults defaults) {
        return firstNonBlank(credentialsId, defaults.credentialsId(), null);
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

    public String getWorkflow() {
        return workflow;
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

    public String getIncidentId() {
        return incidentId;
    }

    @DataBoundSetter
    public void setIncidentId(String incidentId) {
        this.incidentId = unsetIfBlank(incidentId);
    }

    public String getPostMortemId() {
        return postMortemId;
    }

    @DataBoundSetter
    public void setPostMortemId(String postMortemId) {
        this.postMortemId = unsetIfBlank(postMortemId);
    }

    public String getActionItemId() {
        return actionItemId;
    }

    @DataBoundSetter
    public void setActionItemId(String actionItemId) {
        this.actionItemId = unsetIfBlank(actionItemId);
    }

    public String getAlertId() {
        return alertId;
    }

    @DataBoundSetter
    public void setAlertId(String alertId) {
        this.alertId = unsetIfBlank(alertId);
    }

    public String getPulseId() {
        return pulseId;
    }

    @DataBoundSetter
    public void setPulseId(String pulseId) {
        this.pulseId = unsetIfBlank(pulseId);
    }

    /** Default true: skip the wait configured on the workflow, as Rootly does. */
    public boolean isImmediate() {
        return immediate == null || immediate;
    }

    @DataBoundSetter
    public void setImmediate(boolean immediate) {
        this.immediate = immediate;
    }

    public boolean isCheckConditions() {
        return checkConditions != null && checkConditions;
    }

    @DataBoundSetter
    public void setCheckConditions(boolean checkConditions) {
        this.checkConditions = checkConditions;
    }

    public boolean isWait() {
        return wait != null && wait;
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

    /** Default true: without {@code context.ci.request_id} an ambiguous create cannot be reconciled. */
    public boolean isIncludeCiContext() {
        return includeCiContext == null || includeCiContext;
    }

    @DataBoundSetter
    public void setIncludeCiContext(boolean includeCiContext) {
        this.includeCiContext = includeCiContext;
    }
}
