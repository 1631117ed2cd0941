package io.jenkins.plugins.rootly;

import hudson.EnvVars;
import hudson.model.Run;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * What every Rootly Pipeline step does first, before anything is sent: the global defaults and the credential and API
 * URL in force, the token looked up (and tracked) for this build, and the core spec built from the step's settings. Bad input ends
 * here as one line naming the field.
 */
record StepStart<S>(RootlyServices.Defaults defaults, String credentialsId, String apiUrl, String token, S spec) {

    /** Builds a step's core spec from the global defaults, the token, and the build's {@code context.ci} facts. */
    interface SpecMaker<S> {
        S make(RootlyServices.Defaults defaults, String token, String credentialsId, Map<String, Object> ci);
    }

    static <S> StepStart<S> of(StepContext context, RootlyStepSettings settings, SpecMaker<S> maker) throws Exception {
        Run<?, ?> run = context.get(Run.class);
        EnvVars env = context.get(EnvVars.class);
        RootlyServices services = RootlyServices.get();
        RootlyServices.Defaults defaults = services.defaults();
        String credentialsId = settings.requireCredentialsId(defaults);
        String apiUrl = settings.effectiveApiUrl(defaults);
        String token = services.token(run, credentialsId, apiUrl);
        try {
            return new StepStart<>(
                    defaults,
                    credentialsId,
                    apiUrl,
                    token,
                    maker.make(
                            defaults,
                            token,
                            credentialsId,
                            BuildCiContext.of(run, services.rootUrl(), env == null ? Map.of() : env)));
        } catch (UsageException e) {
            throw RootlyServices.usage(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "StepStart[credentialsId=" + credentialsId + ", apiUrl=" + apiUrl + "]"; // never the token
    }
}
