package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The emulator with its built-in scenario on loopback, and an engine sharing its manual time. */
abstract class EmulatorTestBase {
    final String token;
    ManualScheduler scheduler;
    RootlyEmulator emulator;
    RunEngine engine;
    final List<ProgressEvent> events = new CopyOnWriteArrayList<>();

    EmulatorTestBase(String token) {
        this.token = token;
    }

    @BeforeEach
    void start() {
        scheduler = new ManualScheduler();
        emulator =
                RootlyEmulator.builder().token(token).clock(scheduler.clock()).start();
        engine = RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(RootlyClient.defaultHttpClient().build())
                .random(new SplittableRandom(3))
                .build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }
}
