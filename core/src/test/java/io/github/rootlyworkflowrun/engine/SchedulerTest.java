package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.testing.ApiJson;
import io.github.rootlyworkflowrun.testing.ScriptedRootly;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/** The real schedulers: ordering, cancellation and the hand-off from timer to I/O threads. */
class SchedulerTest {

    @Test
    void daemonSchedulerRunsInDelayOrderAndHonoursCancel() throws Exception {
        Scheduler scheduler = Scheduler.daemon(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch cancelDone = new CountDownLatch(1);

        // The first task holds the only thread until cancel() has returned, so the cancelled task cannot have
        // started first however slowly this thread runs.
        scheduler.schedule(Duration.ZERO, () -> {
            ran.add("first");
            awaitQuietly(cancelDone);
        });
        Scheduler.Cancellable cancelled = scheduler.schedule(Duration.ofMillis(20), () -> ran.add("cancelled"));
        scheduler.schedule(Duration.ofMillis(40), () -> ran.add("second"));
        scheduler.schedule(Duration.ofMillis(60), () -> {
            ran.add(Thread.currentThread().getName() + " daemon="
                    + Thread.currentThread().isDaemon());
            done.countDown();
        });
        cancelled.cancel();
        cancelDone.countDown();

        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ran).containsExactly("first", "second", "rootly-workflow-run-1 daemon=true");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void timerHandsDueTasksToTheIoExecutor() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        var io = Executors.newSingleThreadExecutor(r -> new Thread(r, "io-thread"));
        try {
            CountDownLatch done = new CountDownLatch(1);
            String[] where = new String[1];
            Scheduler.of(timer, io).schedule(Duration.ofMillis(5), () -> {
                where[0] = Thread.currentThread().getName();
                done.countDown();
            });
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(where[0]).isEqualTo("io-thread");
        } finally {
            timer.shutdownNow();
            io.shutdownNow();
        }
    }

    @Test
    void engineWithAllDefaultsCreatesARunOverRealTime() throws Exception {
        ScriptedRootly rootly = new ScriptedRootly(java.time.Clock.systemUTC());
        try (MockWebServer server = new MockWebServer()) {
            server.setDispatcher(rootly);
            server.start();
            List<ProgressEvent> events = new CopyOnWriteArrayList<>();
            RunSpec spec = RunSpec.builder()
                    .apiUrl(server.url("/").toString())
                    .token("t", "ROOTLY_API_TOKEN")
                    .workflow(ApiJson.WORKFLOW_ID)
                    .ciContext(Map.of())
                    .build();

            RunResult result =
                    RunEngine.builder().build().run(spec, events::add).get(30, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
            assertThat(events).singleElement().isInstanceOf(ProgressEvent.RunCreated.class);
            assertThat(server.takeRequest().getHeaders().get("User-Agent")).startsWith("rootly-workflow-run/");
        }
    }
}
