package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the Pipeline steps' glue tests share: an emulator over real HTTP and services on one manual clock, a
 * controller restart that loses the engine but not Rootly or time, and the Pipeline's Java serialisation.
 */
abstract class EmulatorGlueTest {
    final String token;
    ManualScheduler scheduler;
    RootlyEmulator emulator;
    TestServices services;

    EmulatorGlueTest(String token) {
        this.token = token;
    }

    /** The emulator this class's tests run against, on {@code clock}. */
    abstract RootlyEmulator startEmulator(Clock clock) throws IOException;

    @BeforeEach
    void startRootlyAndServices() throws Exception {
        scheduler = new ManualScheduler();
        emulator = startEmulator(scheduler.clock());
        services = newServices().install();
    }

    private TestServices newServices() {
        return TestServices.onManualTime(scheduler, emulator, token, "30m", "10s");
    }

    @AfterEach
    void stopRootlyAndServices() {
        TestServices.uninstall();
        emulator.close();
    }

    /**
     * The controller restarts: its engine and scheduled tasks are gone (the old scheduler is never run again);
     * Rootly, here the emulator, goes on, and so does time.
     */
    void restartController() {
        scheduler = new ManualScheduler(scheduler.clock());
        services = newServices().install();
    }

    /**
     * The controller restarts with {@code persisted} as its saved state of the step: the execution is read back,
     * still bound to the same build, resumed, and run until the step ends.
     */
    FakeStepContext.Live resumeAfterRestart(byte[] persisted, FakeStepContext context) throws Exception {
        restartController();
        StepExecution resumed = deserialise(persisted);
        assertThat(resumed.getContext()).isEqualTo(context);
        resumed.onResume();
        scheduler.runUntil(context.live().ended);
        return context.live();
    }

    /** Starts the execution, which must return at once, and runs manual time until the step ends. */
    FakeStepContext.Live run(StepExecution execution, FakeStepContext context) throws Exception {
        assertThat(execution.start())
                .as("start returns at once: the step goes on asynchronously")
                .isFalse();
        scheduler.runUntil(context.live().ended);
        return context.live();
    }

    /** The execution as the Pipeline persists it. */
    static byte[] serialise(StepExecution execution) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(execution);
        }
        return bytes.toByteArray();
    }

    /** The execution as a restarted controller reads it back. */
    static StepExecution deserialise(byte[] bytes) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (StepExecution) in.readObject();
        }
    }
}
