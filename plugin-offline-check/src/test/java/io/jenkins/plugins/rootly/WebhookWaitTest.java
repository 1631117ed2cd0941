package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Route;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import io.github.rootlyworkflowrun.webhook.WebhookSignature;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Waits with webhooks on, on manual time against the emulator: a signed webhook POSTed to the endpoint ends a waiting
 * {@code rootlyWorkflowRun} within one scheduler step; without one the wait ends at the fallback interval, which both
 * front ends use instead of the poll interval only while a secret is configured.
 *
 * <p>The emulator's {@code slow} run is queued for 1 minute, started for 2, then completed at 180 s. The waits poll at
 * 1, 4, 13, 40 and 121 s (the pauses grow threefold up to the interval), then every fallback interval: 241 s.
 */
class WebhookWaitTest {
    private static final String TOKEN = RootlyWebhookEndpointTest.TOKEN;
    private static final String SECRET = RootlyWebhookEndpointTest.SECRET;
    private static final String NOTE = "[Rootly] webhooks on: polling every 2m as a fallback";

    private ManualScheduler scheduler;
    private Instant t0;
    private RootlyEmulator emulator;
    private TestServices services;
    private WebhookHttp jenkins;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = new ManualScheduler();
        t0 = scheduler.clock().instant();
        emulator = TestServices.emulatorWithSlowWorkflow(TOKEN, scheduler.clock());
        services = TestServices.onManualTime(scheduler, emulator, TOKEN, "30m", "10s")
                .install();
        jenkins = new WebhookHttp(new RootlyWebhookEndpoint(), new RootlyWebhookCrumbExclusion());
    }

    @AfterEach
    void tearDown() {
        jenkins.close();
        TestServices.uninstall();
        emulator.close();
    }

    private static RootlyWorkflowRunStep slowWait() {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep("slow");
        step.setWait(true);
        return step;
    }

    private int lists() {
        return emulator.requestCounts().getOrDefault(Route.LIST_RUNS.key(), 0);
    }

    private HttpResponse<String> postWebhook(String runId) throws Exception {
        byte[] body = RootlyWebhookEndpointTest.event("evt-" + runId, "genius_workflow_run.completed", runId);
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(jenkins.webhookUrl())
                                .header("Content-Type", "application/json")
                                .header(
                                        WebhookSignature.HEADER,
                                        WebhookSignature.of(SECRET)
                                                .sign(scheduler.clock().instant(), body))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignedWebhookEndsTheWaitingStepWithinOneSchedulerStep() throws Exception {
        services.webhooksOn(SECRET, "2m");
        FakeStepContext context = new FakeStepContext();
        RootlyWorkflowRunStep.Execution execution =
                (RootlyWorkflowRunStep.Execution) slowWait().start(context);
        assertThat(execution.start()).isFalse();
        while (lists() < 5) {
            assertThat(scheduler.runNextDue()).as("a poll is due").isTrue();
        }
        assertThat(scheduler.clock().instant()).isEqualTo(t0.plusSeconds(121));
        scheduler.clock().set(t0.plusSeconds(181)); // the run completed at 180 s; the next poll is at 241 s
        String runId = execution.ticket().runId();

        HttpResponse<String> answer = postWebhook(runId);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(answer.body()).contains("checking run " + runId + " now");
        assertThat(context.live().ended).as("the webhook only reschedules").isNotDone();
        assertThat(scheduler.runUntil(context.live().ended))
                .as("one scheduler step: the poll the webhook brought forward (its tick and its request)")
                .isEqualTo(2);
        assertThat(scheduler.clock().instant()).as("no time passed").isEqualTo(t0.plusSeconds(181));
        @SuppressWarnings("unchecked")
        Map<String, Object> returned =
                (Map<String, Object>) context.live().ended.join();
        assertThat(returned).containsEntry("outcome", "SUCCEEDED").containsEntry("run_id", runId);
        assertThat(lists()).as("one list more than the five before").isEqualTo(6);
        String log = context.live().log();
        assertThat(log.lines().filter(NOTE::equals)).as("said once").hasSize(1);
        assertThat(log).contains("[Rootly] Rootly reported a change to run " + runId + "; checking it now");
    }

    @Test
    void aLostWebhookCostsAtMostTheFallbackInterval() throws Exception {
        services.webhooksOn(SECRET, "2m");
        FakeStepContext context = new FakeStepContext();
        assertThat(slowWait().start(context).start()).isFalse();

        scheduler.runUntil(context.live().ended);

        assertThat(context.live().ended.join()).isInstanceOf(Map.class);
        assertThat(scheduler.clock().instant()).isEqualTo(t0.plusSeconds(241));
        assertThat(Collections.max(scheduler.delays())).isEqualTo(Duration.ofMinutes(2));
        assertThat(scheduler.delays().stream().filter(d -> !d.isZero()))
                .as("the first poll still a second after the create, then growing to the fallback")
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(3),
                        Duration.ofSeconds(9),
                        Duration.ofSeconds(27),
                        Duration.ofSeconds(81),
                        Duration.ofMinutes(2));
    }

    @Test
    void withoutASecretTheStepsPollIntervalApplies() throws Exception {
        RootlyWorkflowRunStep step = slowWait();
        step.setPollInterval("20s");
        FakeStepContext context = new FakeStepContext();
        StepExecution execution = step.start(context);
        assertThat(execution.start()).isFalse();

        scheduler.runUntil(context.live().ended);

        assertThat(Collections.max(scheduler.delays())).isEqualTo(Duration.ofSeconds(20));
        assertThat(context.live().log()).doesNotContain("webhooks on");
    }

    @Test
    void withASecretTheFallbackReplacesEvenTheStepsOwnPollInterval() throws Exception {
        services.webhooksOn(SECRET, "2m");
        RootlyWorkflowRunStep step = slowWait();
        step.setPollInterval("5s");
        FakeStepContext context = new FakeStepContext();
        assertThat(step.start(context).start()).isFalse();

        scheduler.runUntil(context.live().ended);

        assertThat(Collections.max(scheduler.delays())).isEqualTo(Duration.ofMinutes(2));
        assertThat(context.live().log().lines().filter(NOTE::equals)).hasSize(1);
    }

    @Test
    void theFreestyleStepWaitsWithTheFallbackIntervalToo() throws Exception {
        services.webhooksOn(SECRET, "2m");
        assertThat(freestyle()).contains(NOTE).contains("[Rootly] SUCCEEDED");
        assertThat(Collections.max(scheduler.delays())).isEqualTo(Duration.ofMinutes(2));
        assertThat(scheduler.clock().instant()).isEqualTo(t0.plusSeconds(241));
    }

    @Test
    void theFreestyleStepPollsAsBeforeWithoutASecret() throws Exception {
        assertThat(freestyle()).doesNotContain("webhooks on").contains("[Rootly] SUCCEEDED");
        assertThat(Collections.max(scheduler.delays())).isEqualTo(Duration.ofSeconds(10));
    }

    /** Runs a freestyle build on its own thread (it blocks, as on an executor) while this one moves time. */
    private String freestyle() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        RootlyWorkflowRunBuilder builder = new RootlyWorkflowRunBuilder(slowWait(), null);
        CompletableFuture<Void> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> {
            try {
                builder.perform(new FakeStepContext.FakeRun(), new EnvVars(), () -> out);
                ended.complete(null);
            } catch (Throwable t) {
                ended.completeExceptionally(t);
            }
        });
        executor.start();
        while (!ended.isDone()) {
            if (!scheduler.runNextDue()) {
                Thread.onSpinWait(); // the build thread has not handed the engine its next task yet
            }
        }
        ended.join();
        return log.toString(StandardCharsets.UTF_8);
    }
}
