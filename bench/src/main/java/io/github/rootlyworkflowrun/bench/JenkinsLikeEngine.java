package io.github.rootlyworkflowrun.bench;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.Scheduler;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** An engine in real time as the Jenkins plugin sets it up: one timer thread and four I/O threads, all daemons. */
final class JenkinsLikeEngine implements AutoCloseable {
    final RunEngine engine;
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor io;

    /** {@code threadPrefix} names the threads, e.g. {@code b3-}, so a thread count can tell them apart. */
    JenkinsLikeEngine(String threadPrefix) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, threadPrefix + "timer"));
        io = new ThreadPoolExecutor(
                4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, threadPrefix + "io"));
        engine = RunEngine.builder()
                .scheduler(Scheduler.of(timer, io))
                .httpClient(RootlyClient.defaultHttpClient().build())
                .build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        io.shutdownNow();
    }

    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
