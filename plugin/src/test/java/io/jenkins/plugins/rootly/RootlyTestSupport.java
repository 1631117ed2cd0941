package io.jenkins.plugins.rootly;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import java.io.IOException;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** A Rootly emulator and the Jenkins configuration that points at it, for the JenkinsRule tests. */
final class RootlyTestSupport {
    static final String TOKEN = "jenkins-rule-SECRET-token-4b1d";
    static final String CREDENTIALS_ID = "rootly-api-token";

    private RootlyTestSupport() {}

    /** The built-in scenario plus fast and slow workflows for these tests. */
    static RootlyEmulator emulator() throws IOException {
        Scenario s = Scenario.parse(
                """
                workflows:
                  - {slug: ok, name: OK, steps: [{status: queued, for: 500ms}, {status: started, for: 500ms}, {status: completed}]}
                  - {slug: partial, steps: [{status: started, for: 500ms}, {status: completed_with_errors, statusMessage: "1 of 2 tasks failed"}]}
                  - {slug: broken, steps: [{status: started, for: 500ms}, {status: failed, statusMessage: "task 2 failed"}]}
                  - {slug: stopped, steps: [{status: queued, for: 500ms}, {status: canceled}]}
                  - {slug: stuck, steps: [{status: queued}]}
                  - {slug: slow, steps: [{status: queued, for: 20s}, {status: completed}]}
                  - {slug: guarded, conditionsMet: false}
                """);
        return RootlyEmulator.builder().token(TOKEN).scenario(s).start();
    }

    /**
     * Services, environments and pulse workflows for the rootlyPulse tests: {@code announce} runs for every pulse from
     * {@code jenkins} and completes, {@code smoke} runs for pulses labelled {@code env:production} and fails,
     * {@code slow-check} runs for pulses labelled {@code tier:slow} and completes after 20 s queued.
     */
    static RootlyEmulator pulseEmulator() throws IOException {
        Scenario s = Scenario.parse(
                """
                services:
                  - {slug: checkout, name: Checkout}
                environments:
                  - {slug: production, name: Production}
                workflows:
                  - {slug: announce, name: Announce, startAfter: 500ms, pulseConditions: {source: {operator: IS, values: [jenkins]}}, steps: [{status: started, for: 500ms}, {status: completed}]}
                  - {slug: smoke, name: Smoke test, startAfter: 500ms, pulseConditions: {label: {operator: CONTAINS, values: ["env:production"]}}, steps: [{status: started, for: 1s}, {status: failed, statusMessage: "2 of 40 checks failed"}]}
                  - {slug: slow-check, name: Slow check, startAfter: 500ms, pulseConditions: {label: {operator: CONTAINS, values: ["tier:slow"]}}, steps: [{status: queued, for: 20s}, {status: completed}]}
                """);
        return RootlyEmulator.builder().token(TOKEN).scenario(s).start();
    }

    /** Adds the token as a Secret text credential and makes the emulator the default API. */
    static void configure(RootlyEmulator emulator) throws IOException {
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, CREDENTIALS_ID, "Rootly", Secret.fromString(TOKEN)));
        SystemCredentialsProvider.getInstance().save();
        RootlyGlobalConfiguration config = RootlyGlobalConfiguration.get();
        config.setApiUrl(emulator.baseUrl());
        config.setCredentialsId(CREDENTIALS_ID);
        config.setPollInterval("1s");
    }
}
