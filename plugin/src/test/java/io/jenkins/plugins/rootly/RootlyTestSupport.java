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
