package io.github.rootlyworkflowrun.engine;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the engine's delayed work: polls, backoffs and rate-limit waits. Every wait is a scheduled task, never
 * a sleeping thread, so a thousand waits cost no more threads than one. Tests inject a manual one.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}; the returned handle cancels it if it has not started. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can still be called off. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }

    /**
     * A scheduler over {@code timer}, handing each due task to {@code io} so that HTTP calls never hold the timer
     * thread (Jenkins passes its shared {@code Timer} and a cached pool).
     */
    static Scheduler of(ScheduledExecutorService timer, Executor io) {
        return (delay, task) -> {
            // Saturated: toNanos() throws past 292 years, and a throw here would lose the task.
            long nanos = delay.compareTo(Duration.ofNanos(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : delay.toNanos();
            ScheduledFuture<?> f = timer.schedule(() -> io.execute(task), Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }

    /** A small daemon-thread scheduler of its own, for command-line use; {@code threads} bounds concurrency. */
    static Scheduler daemon(int threads) {
        AtomicInteger n = new AtomicInteger();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "rootly-workflow-run-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        // Idle threads go away, so an engine that is no longer used leaves nothing running behind it.
        pool.setKeepAliveTime(10, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        return of(pool, Runnable::run);
    }
}
