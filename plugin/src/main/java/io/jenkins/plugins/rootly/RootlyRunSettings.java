package io.jenkins.plugins.rootly;

import io.github.rootlyworkflowrun.engine.RunSpec;
import java.util.Map;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The settings of one Rootly workflow run, in one place for every front end: the Pipeline step extends this class and
 * the freestyle builder holds a step, so a new parameter is one field here, one jelly line and one help file. The
 * settings every Rootly step shares (token, API URL, timeout, poll interval, policy, CI context) are in {@link
 * RootlyStepSettings}.
 */
public abstract class RootlyRunSettings extends RootlyStepSettings {
    private final String workflow;
    private String incidentId;
    private String postMortemId;
    private String actionItemId;
    private String alertId;
    private String pulseId;
    private Boolean immediate;
    private Boolean checkConditions;
    private Boolean wait;

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
                .timeout(effectiveTimeout(defaults))
                .pollInterval(effectivePollInterval(defaults))
                .completedWithErrors(getCompletedWithErrors())
                .ciContext(isIncludeCiContext() ? ciContext : null)
                .build();
    }

    public String getWorkflow() {
        return workflow;
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
}
