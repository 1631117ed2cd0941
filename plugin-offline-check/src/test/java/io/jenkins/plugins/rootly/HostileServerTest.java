package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import hudson.EnvVars;
import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 10 item 12: the Pipeline step and the freestyle builder against a hostile server, on manual time. A far
 * Retry-After during a wait ends at the timeout, a far one on the create fails at once, an {@link Error} in the
 * engine's work ends the build with one line, and unreadable rate-limit headers on a 201 do not undo the create.
 */
class HostileServerTest {
    private static final String TOKEN = "hostile-SECRET-token";

    /** The two front ends, each run to its end the way Jenkins runs it. */
    enum FrontEnd {
        PIPELINE,
        FREESTYLE
    }

    /** How a build ended: its log, and either the step's value or what it failed with. */
    record Ended(String log, Object value, Throwable failure) {}

    private ManualScheduler scheduler;
    private RootlyEmulator emulator;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = new ManualScheduler();
        emulator = TestServices.emulatorWithSlowWorkflow(TOKEN, scheduler.clock());
        TestServices.onManualTime(scheduler, emulator, TOKEN, "10s", "2s").install();
    }

    @AfterEach
    void tearDown() {
        TestServices.uninstall();
        emulator.close();
    }

    private static RootlyWorkflowRunStep settings(String workflow, boolean wait) {
        RootlyWorkflowRunStep step = new RootlyWorkflowRunStep(workflow);
        step.setWait(wait);
        return step;
    }

    /** Runs one build to its end; {@code logger} wraps the build log's stream, so a test can make it misbehave. */
    private Ended build(FrontEnd frontEnd, RootlyWorkflowRunStep settings, Function<OutputStream, PrintStream> logger)
            throws Exception {
        return frontEnd == FrontEnd.PIPELINE ? pipeline(settings, logger) : freestyle(settings, logger);
    }

    private Ended build(FrontEnd frontEnd, RootlyWorkflowRunStep settings) throws Exception {
        return build(frontEnd, settings, out -> new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private Ended pipeline(RootlyWorkflowRunStep settings, Function<OutputStream, PrintStream> logger)
            throws Exception {
        FakeStepContext context = new FakeStepContext();
        ByteArrayOutputStream log = context.live().log;
        context.live().logger = logger.apply(log);
        StepExecution execution = settings.start(context);
        assertThat(execution.start()).isFalse();
        CompletableFuture<Object> ended = context.live().ended;
        scheduler.runUntil(ended);
        assertThat(ended).as("the step ended; nothing is left hanging").isDone();
        String text = log.toString(StandardCharsets.UTF_8);
        return ended.handle((value, error) ->
                        new Ended(text, value, error instanceof CompletionException c ? c.getCause() : error))
                .join();
    }

    private Ended freestyle(RootlyWorkflowRunStep settings, Function<OutputStream, PrintStream> logger)
            throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stream = logger.apply(log);
        RootlyWorkflowRunBuilder builder = new RootlyWorkflowRunBuilder(settings, null);
        FakeStepContext.FakeRun build = new FakeStepContext.FakeRun();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        Thread executor = new Thread(() -> {
            try {
                builder.perform(build, new EnvVars(), () -> stream);
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            }
        });
        executor.start();
        while (!ended.isDone()) {
            if (!scheduler.runNextDue()) {
                Thread.onSpinWait(); // the executor thread has not handed the engine its next task yet
            }
        }
        Throwable failure = ended.join();
        return new Ended(log.toString(StandardCharsets.UTF_8), failure == null ? build : null, failure);
    }

    /** What Jenkins prints for a failed step: one line for an AbortException, a stack trace for anything else. */
    private static void assertFailsWithOneLine(Ended ended, String... containing) {
        assertThat(ended.failure())
                .as("the build fails")
                .isNotNull()
                .as("an AbortException, which Jenkins prints as one ERROR: line without a stack trace")
                .isInstanceOf(AbortException.class)
                .hasNoCause();
        assertThat(ended.failure().getMessage()).doesNotContain("\n").contains(containing);
        assertThat(ended.log() + ended.failure().getMessage()).doesNotContain(TOKEN);
    }

    @ParameterizedTest
    @EnumSource(FrontEnd.class)
    void aFarRetryAfterDuringTheWaitEndsAtTheTimeout(FrontEnd frontEnd) throws Exception {
        emulator.inject(Fault.builder()
                .route("list_runs")
                .status(429)
                .header("Retry-After", "3600")
                .build());
        Instant start = scheduler.clock().instant();

        Ended ended = build(frontEnd, settings("slow", true));

        assertFailsWithOneLine(ended, "TIMED_OUT", "goes on in Rootly");
        assertThat(Duration.between(start, scheduler.clock().instant()))
                .as("ends within the 10s timeout plus 2s of the build's clock, not after an hour")
                .isLessThanOrEqualTo(Duration.ofSeconds(12));
        assertThat(emulator.ledger()).hasSize(1);
        assertThat(scheduler.pending()).as("nothing left scheduled").isZero();
    }

    @ParameterizedTest
    @EnumSource(FrontEnd.class)
    void aFarRetryAfterOnTheCreateFailsAtOnceCreatingNothing(FrontEnd frontEnd) throws Exception {
        emulator.inject(Fault.builder()
                .route("create")
                .status(429)
                .header("Retry-After", "99999999999")
                .build());
        Instant start = scheduler.clock().instant();

        Ended ended = build(frontEnd, settings("slow", true));

        assertFailsWithOneLine(ended, "REJECTED_OR_UNREACHABLE", "allowed for creating a run", "no run");
        assertThat(ended.failure().getMessage())
                .as("Rootly's own sentence and ours joined once")
                .contains("Try again later. The next attempt")
                .doesNotContain("..");
        assertThat(Duration.between(start, scheduler.clock().instant()))
                .as("no pause is taken")
                .isLessThan(Duration.ofMinutes(3));
        assertThat(emulator.ledger()).as("nothing created").isEmpty();
        assertThat(emulator.requestCounts()).containsEntry("create", 1);
        assertThat(scheduler.pending()).isZero();
    }

    @ParameterizedTest
    @EnumSource(FrontEnd.class)
    void anErrorInTheEnginesWorkFailsTheBuildWithOneLine(FrontEnd frontEnd) throws Exception {
        // The build log fails with an Error on the first status change, which the engine reports from its poll
        // task: an out-of-memory in the middle of the wait, as a giant page or a full controller would give.
        Function<OutputStream, PrintStream> failingLog = out -> new PrintStream(out, true, StandardCharsets.UTF_8) {
            private boolean thrown;

            @Override
            public void println(String line) {
                if (!thrown && line.contains(" is started after ")) {
                    thrown = true;
                    throw new OutOfMemoryError("Java heap space");
                }
                super.println(line);
            }
        };

        RootlyWorkflowRunStep settings = settings("slow", true);
        settings.setTimeout("30m");

        Ended ended = build(frontEnd, settings, failingLog);

        assertFailsWithOneLine(ended, "OutOfMemoryError");
        assertThat(emulator.ledger()).hasSize(1);
        assertThat(scheduler.pending()).isZero();
    }

    @ParameterizedTest
    @EnumSource(FrontEnd.class)
    void anErrorWhileTheOutcomeIsReportedFailsTheBuildWithOneLine(FrontEnd frontEnd) throws Exception {
        // The Pipeline step reports the outcome from the engine's thread, where a throwable would be dropped and
        // leave the step hanging; the freestyle builder would hand Jenkins a stack trace.
        Function<OutputStream, PrintStream> failingLog = out -> new PrintStream(out, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                if (line.startsWith("[Rootly] SUCCEEDED: ")) {
                    throw new OutOfMemoryError("Java heap space");
                }
                super.println(line);
            }
        };

        Ended ended = build(frontEnd, settings("deploy-succeeds", true), failingLog);

        assertFailsWithOneLine(ended, "Unexpected OutOfMemoryError: Java heap space", "goes on in Rootly");
        assertThat(emulator.ledger()).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(FrontEnd.class)
    void aCreatedRunWithUnreadableRateLimitHeadersIsCreated(FrontEnd frontEnd) throws Exception {
        emulator.inject(Fault.builder()
                .route("create")
                .times(1)
                .headers(
                        Map.of("Retry-After", "soon", "X-RateLimit-Reset", "tomorrow", "X-RateLimit-Remaining", "none"))
                .build());

        Ended ended = build(frontEnd, settings("slow", false));

        assertThat(ended.failure()).as("no failure").isNull();
        assertThat(emulator.ledger()).hasSize(1);
        String runId = emulator.ledger().get(0).id();
        if (frontEnd == FrontEnd.PIPELINE) {
            assertThat(ended.value())
                    .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                    .containsEntry("outcome", "CREATED")
                    .containsEntry("run_id", runId);
        } else {
            EnvVars env = new EnvVars();
            FakeStepContext.FakeRun build = (FakeStepContext.FakeRun) ended.value();
            build.getAction(RootlyRunAction.class).buildEnvironment(build, env);
            assertThat(env)
                    .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", "CREATED")
                    .containsEntry("ROOTLY_WORKFLOW_RUN_ID", runId);
        }
        assertThat(ended.log())
                .contains("CREATED")
                .contains("[Rootly] Warning: ")
                .doesNotContain("NumberFormatException");
    }
}
