package io.jenkins.plugins.rootly;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Run;
import io.github.rootlyworkflowrun.engine.RunEngine;
import java.io.IOException;
import java.time.Clock;

/**
 * What the steps need from Jenkins beyond their own fields: the shared run engine, the API token of a credential,
 * and the global defaults. One seam, so the glue's unit tests can stand in for a controller.
 */
interface RootlyServices {

    /** The controller's one engine: a shared timer, Jenkins' proxy, coalesced waits. */
    @NonNull
    RunEngine engine();

    /** The secret text of {@code credentialsId} as seen by {@code run}, its use tracked; AbortException if absent. */
    @NonNull
    String token(@NonNull Run<?, ?> run, @NonNull String credentialsId, @NonNull String apiUrl) throws IOException;

    @NonNull
    Defaults defaults();

    /** Jenkins' root URL as configured, or null on a controller where none is set. */
    String rootUrl();

    /** The engine's clock, so times persisted for a resumed create agree with the engine's. */
    @NonNull
    Clock clock();

    /**
     * The webhook secret (a Secret text credential named under Manage Jenkins &gt; System &gt; Rootly), read at each
     * call so a changed credential takes effect at once; null while webhooks are off.
     */
    String webhookSecret();

    /**
     * The global configuration's values, as plain strings (blank when unset). {@code webhookFallbackPollInterval} is
     * set only while a webhook secret is configured: then webhooks end the waits and polling is only the fallback.
     */
    record Defaults(
            String apiUrl,
            String credentialsId,
            String timeout,
            String pollInterval,
            String webhookFallbackPollInterval) {

        /** Defaults with webhooks off. */
        Defaults(String apiUrl, String credentialsId, String timeout, String pollInterval) {
            this(apiUrl, credentialsId, timeout, pollInterval, null);
        }

        boolean webhooksOn() {
            return webhookFallbackPollInterval != null && !webhookFallbackPollInterval.isBlank();
        }

        /**
         * The poll interval a wait uses: with webhooks on, the fallback interval, whatever the step or the global
         * poll interval says (a webhook ends the wait; the polls only cover a lost one); otherwise the step's, else
         * the global one, else null for core's default.
         */
        String waitPollInterval(String stepPollInterval) {
            return webhooksOn()
                    ? webhookFallbackPollInterval.strip()
                    : RootlyRunSettings.firstNonBlank(stepPollInterval, pollInterval, null);
        }

        /** The build log's one line about webhooks, or null while they are off. */
        String webhookNote() {
            return webhooksOn()
                    ? "webhooks on: polling every " + webhookFallbackPollInterval.strip() + " as a fallback"
                    : null;
        }
    }

    /** The services in force: Jenkins' own, unless a test has put others in place. */
    static RootlyServices get() {
        RootlyServices override = Holder.override;
        return override != null ? override : JenkinsRootlyServices.INSTANCE;
    }

    /** Where tests put their stand-in services. */
    final class Holder {
        static volatile RootlyServices override;

        private Holder() {}
    }

    /** A usage problem found in Jenkins-side configuration, shown like the engine's usage errors (any Rootly step). */
    static AbortException usage(String message) {
        return new AbortException("Rootly: " + message);
    }
}
