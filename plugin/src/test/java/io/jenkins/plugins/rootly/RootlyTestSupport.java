package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Result;
import hudson.util.Secret;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jvnet.hudson.test.JenkinsRule;

/** A Rootly emulator, the Jenkins configuration that points at it, and the checks the JenkinsRule tests share. */
final class RootlyTestSupport {
    static final String TOKEN = "jenkins-rule-SECRET-token-4b1d";
    static final String CREDENTIALS_ID = "rootly-api-token";

    private RootlyTestSupport() {}

    /**
     * Fast and slow workflows for rootlyWorkflowRun, and services, environments and pulse workflows for rootlyPulse:
     * {@code announce} runs for every pulse from {@code jenkins} and completes, {@code smoke} runs for pulses labelled
     * {@code env:production} and fails, {@code slow-check} runs for pulses labelled {@code tier:slow} and completes
     * after 20 s queued.
     */
    static RootlyEmulator emulator() throws IOException {
        Scenario s = Scenario.parse(
                """
                services:
                  - {slug: checkout, name: Checkout}
                environments:
                  - {slug: production, name: Production}
                workflows:
                  - {slug: ok, name: OK, steps: [{status: queued, for: 500ms}, {status: started, for: 500ms}, {status: completed}]}
                  - {slug: partial, steps: [{status: started, for: 500ms}, {status: completed_with_errors, statusMessage: "1 of 2 tasks failed"}]}
                  - {slug: broken, steps: [{status: started, for: 500ms}, {status: failed, statusMessage: "task 2 failed"}]}
                  - {slug: stopped, steps: [{status: queued, for: 500ms}, {status: canceled}]}
                  - {slug: stuck, steps: [{status: queued}]}
                  - {slug: slow, steps: [{status: queued, for: 20s}, {status: completed}]}
                  - {slug: guarded, conditionsMet: false}
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

    /** Runs {@code script} as a sandboxed Pipeline in a new job and checks the build's result. */
    static WorkflowRun build(JenkinsRule j, String script, Result expected) throws Exception {
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "p" + System.nanoTime());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    /** The token is in none of what Jenkins writes of a build: log, build.xml, the job's and the global config. */
    static void assertTokenNowhere(JenkinsRule j, WorkflowRun b) throws IOException {
        assertThat(JenkinsRule.getLog(b)).doesNotContain(TOKEN);
        assertThat(Files.readString(new File(b.getRootDir(), "build.xml").toPath()))
                .doesNotContain(TOKEN);
        assertThat(Files.readString(new File(b.getParent().getRootDir(), "config.xml").toPath()))
                .doesNotContain(TOKEN);
        assertThat(Files.readString(
                        new File(j.jenkins.getRootDir(), RootlyGlobalConfiguration.class.getName() + ".xml").toPath()))
                .doesNotContain(TOKEN);
    }
}
