package io.github.rootlyworkflowrun.testing;

import io.github.rootlyworkflowrun.engine.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Future;

/**
 * A scheduler whose time only moves when a test runs it: each due task advances the clock to its time, so
 * minutes of backoff and polling take milliseconds and every delay can be asserted.
 */
public final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final List<Duration> delays = new ArrayList<>();
    private final MutableClock clock;
    private long seq;

    public ManualScheduler(Instant start) {
        this.clock = new MutableClock(start);
    }

    /** A fresh scheduler on an existing clock: a restarted process, while the world's time goes on. */
    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    public ManualScheduler() {
        this(Instant.parse("2026-11-29T12:00:00Z"));
    }

    public MutableClock clock() {
        return clock;
    }

    /** Every delay ever scheduled, in order. */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        delays.add(delay);
        Task t = new Task(clock.instant().plus(delay), seq++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs due tasks in time order until {@code until} is done or nothing is left; returns the tasks run. */
    public int runUntil(Future<?> until) {
        int ran = 0;
        while (!until.isDone()) {
            Task t;
            synchronized (this) {
                t = queue.poll();
            }
            if (t == null) {
                break;
            }
            if (t.cancelled) {
                continue;
            }
            if (t.at.isAfter(clock.instant())) {
                clock.set(t.at);
            }
            t.task.run();
            if (++ran > 100_000) {
                throw new AssertionError("scheduler did not settle");
            }
        }
        return ran;
    }

    /** Runs the earliest pending task only, advancing the clock to it; false when nothing is pending. */
    public boolean runNextDue() {
        Task t;
        synchronized (this) {
            do {
                t = queue.poll();
            } while (t != null && t.cancelled);
        }
        if (t == null) {
            return false;
        }
        if (t.at.isAfter(clock.instant())) {
            clock.set(t.at);
        }
        t.task.run();
        return true;
    }

    /** Runs everything scheduled, including what those tasks schedule. */
    public int runAll() {
        return runUntil(new java.util.concurrent.CompletableFuture<>());
    }

    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    private static final class Task implements Comparable<Task> {
        final Instant at;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Task(Instant at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    /** A clock tests move by hand. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        public void set(Instant instant) {
            now = instant;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
