package io.jenkins.plugins.rootly;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.ci.CiContext;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.util.Map;

/**
 * The fields both build steps share, and how they become a core {@link RunSpec}: step values first, then the global
 * defaults, then the defaults of docs/contract.md. Field names are the Pipeline parameter names, which core's usage errors use.
 */
record StepParameters(
        String workflow,
        String credentialsId,
        String apiUrl,
        String incidentId,
        String postMortemId,
        String actionItemId,
        String alertId,
        String pulseId,
        Map<String, ?> contextMap,
        String contextJson,
        boolean immediate,
        boolean checkConditions,
        boolean waitForCompletion,
        String timeout,
        String pollInterval,
        String completedWithErrors,
        boolean includeCiContext) {

    /** The API URL in force: the step's, else the global one, else Rootly's. */
    String effectiveApiUrl(RootlyServices.Defaults defaults) {
        return firstNonBlank(apiUrl, defaults.apiUrl(), RootlyClient.DEFAULT_API_URL);
    }

    /** The credentials id in force, or null when neither the step nor the global configuration names one. */
    String effectiveCredentialsId(RootlyServices.Defaults defaults) {
        return firstNonBlank(credentialsId, defaults.credentialsId(), null);
    }

    /** Builds the spec; a UsageException names the step parameter at fault. */
    RunSpec toSpec(RootlyServices.Defaults defaults, Map<String, String> env, String token, String credentialsId) {
        return RunSpec.builder()
                .apiUrl(effectiveApiUrl(defaults))
                .token(token, "credentials '" + credentialsId + "'")
                .workflow(workflow)
                .targets(incidentId, postMortemId, actionItemId, alertId, pulseId)
                .contextJson(contextJson)
                .context(contextMap)
                .immediate(immediate)
                .checkConditions(checkConditions)
                .waitForCompletion(waitForCompletion)
                .timeout(firstNonBlank(timeout, defaults.timeout(), null))
                .pollInterval(firstNonBlank(pollInterval, defaults.pollInterval(), null))
                .completedWithErrors(completedWithErrors)
                .ciContext(includeCiContext ? CiContext.detect(env) : null)
                .build();
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
}
