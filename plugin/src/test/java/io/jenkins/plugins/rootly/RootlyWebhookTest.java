package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Result;
import hudson.util.Secret;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Route;
import io.github.rootlyworkflowrun.webhook.WebhookSignature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code <jenkins url>/rootly-webhook/} on a real controller, reached anonymously with plain HTTP and no crumb, as
 * Rootly reaches it: a signed webhook ends a waiting Pipeline at once, an unsigned one is 401, and with no secret
 * configured the endpoint is 404.
 */
@WithJenkins
class RootlyWebhookTest {
    private static final String SECRET = "whsec_jenkins_rule_SECRET";
    private static final String SECRET_ID = "rootly-webhook-secret";

    private JenkinsRule j;
    private RootlyEmulator emulator;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Logger logger = Logger.getLogger(RootlyWebhookEndpoint.class.getName());
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void setUp(JenkinsRule j) throws Exception {
        this.j = j;
        emulator = RootlyTestSupport.emulator();
        RootlyTestSupport.configure(emulator);
        logger.addHandler(capture);
    }

    /** Anonymous may not even read: Rootly still reaches the endpoint, an unprotected root action. */
    private void lockDown() {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.ADMINISTER)
                .everywhere()
                .to("admin"));
    }

    @AfterEach
    void tearDown() {
        logger.removeHandler(capture);
        emulator.close();
    }

    private void configureWebhookSecret(String fallbackPollInterval) throws Exception {
        SystemCredentialsProvider.getInstance()
                .getCredentials()
                .add(new StringCredentialsImpl(
                        CredentialsScope.GLOBAL, SECRET_ID, "Rootly webhook secret", Secret.fromString(SECRET)));
        SystemCredentialsProvider.getInstance().save();
        RootlyGlobalConfiguration config = RootlyGlobalConfiguration.get();
        config.setWebhookSecretCredentialsId(SECRET_ID);
        config.setWebhookFallbackPollInterval(fallbackPollInterval);
    }

    private static byte[] completedEvent(String runId) {
        return ("{\"event\":{\"id\":\"evt-" + runId + "\",\"type\":\"genius_workflow_run.completed\","
                        + "\"issued_at\":\"2026-11-29T12:01:01.123Z\"},\"data\":{\"id\":\"" + runId
                        + "\",\"status\":\"completed\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A POST to the endpoint with no session, no API token and no crumb. */
    private HttpResponse<String> post(String signature, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(j.getURL() + "rootly-webhook/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header(WebhookSignature.HEADER, signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int lists() {
        return emulator.requestCounts().getOrDefault(Route.LIST_RUNS.key(), 0);
    }

    /**
     * The wait polls at about 1, 4, 13 and 40 s after the create. Once it has listed three times, the run is made
     * complete (the emulator's clock jumps past the {@code slow} run's 20 s) and the webhook is sent: the build ends
     * on the listing the webhook brought forward, not on the one due some 27 s later. That one bound is a time, with
     * a margin of more than 20 s over what the webhook's path takes.
     */
    @Test
    void aSignedWebhookEndsAWaitingPipelineAtOnce() throws Exception {
        lockDown();
        configureWebhookSecret("10m");
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "webhook");
        p.setDefinition(new CpsFlowDefinition(
                "def run = rootlyWorkflowRun workflow: 'slow', wait: true, timeout: '15m'\n"
                        + "echo \"outcome=${run.outcome}\"",
                true));
        WorkflowRun b = p.scheduleBuild2(0).waitForStart();
        j.waitForMessage("webhooks on: polling every 10m as a fallback", b);
        j.waitForMessage("Created workflow run", b);
        while (lists() < 3) {
            Thread.sleep(100);
        }
        emulator.advanceClock(Duration.ofSeconds(30));
        String runId = emulator.ledger().get(0).id();
        byte[] body = completedEvent(runId);

        Instant posted = Instant.now();
        HttpResponse<String> answer = post(WebhookSignature.of(SECRET).sign(posted, body), body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("checking run " + runId + " now");
        j.assertBuildStatus(Result.SUCCESS, j.waitForCompletion(b));
        assertThat(Duration.between(posted, Instant.now()))
                .as("ended by the listing the webhook brought forward, long before the next poll")
                .isLessThan(Duration.ofSeconds(20));
        j.assertLogContains("outcome=SUCCEEDED", b);
        j.assertLogContains("Rootly reported a change to run " + runId, b);
        assertThat(lists()).as("no poll after the one the webhook asked for").isLessThanOrEqualTo(4);
        assertThat(logged)
                .anySatisfy(line ->
                        assertThat(line).contains(": 202 event evt-" + runId).doesNotContain(SECRET));
    }

    @Test
    void aPostWithoutASignatureIs401AndChangesNothing() throws Exception {
        lockDown();
        configureWebhookSecret("2m");
        byte[] body = completedEvent("run-1");

        HttpResponse<String> answer = post(null, body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.body()).contains("no X-Rootly-Signature header");
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(logged).anySatisfy(line -> assertThat(line).contains(": 401 not accepted"));
    }

    @Test
    void withoutAWebhookSecretTheEndpointIs404AndWaitsPollAsBefore() throws Exception {
        lockDown();
        byte[] body = completedEvent("run-1");

        HttpResponse<String> answer = post(WebhookSignature.of(SECRET).sign(Instant.now(), body), body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
        assertThat(answer.body()).contains("Rootly webhooks are off");
        WorkflowJob p = j.jenkins.createProject(WorkflowJob.class, "no-webhooks");
        p.setDefinition(new CpsFlowDefinition("rootlyWorkflowRun workflow: 'ok', wait: true", true));
        WorkflowRun b = j.assertBuildStatus(Result.SUCCESS, p.scheduleBuild2(0));
        j.assertLogNotContains("webhooks on", b);
    }

    /** A credential that names nothing leaves webhooks off rather than half on. */
    @Test
    void aSecretIdThatNamesNoCredentialKeepsWebhooksOff() throws Exception {
        RootlyGlobalConfiguration.get().setWebhookSecretCredentialsId("no-such-credential");
        byte[] body = completedEvent("run-1");

        assertThat(post(WebhookSignature.of(SECRET).sign(Instant.now(), body), body)
                        .statusCode())
                .isEqualTo(404);
        assertThat(RootlyGlobalConfiguration.get().defaults().webhooksOn()).isFalse();
    }

    /** The system page renders the two settings and saves them unchanged. */
    @Test
    void theSystemPageRoundTripsTheWebhookSettings() throws Exception {
        configureWebhookSecret("3m");

        j.configRoundtrip();

        RootlyGlobalConfiguration config = RootlyGlobalConfiguration.get();
        assertThat(config.getWebhookSecretCredentialsId()).isEqualTo(SECRET_ID);
        assertThat(config.getWebhookFallbackPollInterval()).isEqualTo("3m");
        assertThat(config.webhookSecret()).isEqualTo(SECRET);
        assertThat(config.defaults().waitPollInterval("1s")).isEqualTo("3m");
        // Level unchanged: the endpoint's lines are INFO and WARNING, visible in the default log.
        assertThat(logger.isLoggable(Level.INFO)).isTrue();
    }
}
