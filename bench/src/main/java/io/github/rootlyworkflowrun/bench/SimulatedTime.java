package io.github.rootlyworkflowrun.bench;

import io.github.rootlyworkflowrun.engine.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import java.util.concurrent.Future;

/**
 * Simulated time shared by the engine and an emulator that acts on its own (its webhook sender watches the clock
 * from a thread of its own). Like the core test-jar's ManualScheduler, each due task moves the clock to its time; in
 * addition, before the clock leaves an instant, the {@link World} is let catch up with it (webhooks due by then are
 * delivered), and the clock stops at every instant the world says something happens. That keeps a run
 * deterministic: nothing the world does at an instant can race the engine's tasks of a later one.
 */
final class SimulatedTime implements Scheduler {
    /** What happens outside the engine, on the same clock. */
    interface World {
        /** The next instant after {@code now} at which the world does something, or null. */
        Instant nextAfter(Instant now);

        /**
         * Lets the world catch up with {@code now}, once every engine task due by then has run; true if it did
         * anything (it may have scheduled engine tasks, which then run at {@code now}).
         */
        boolean settle(Instant now);
    }

    /** A world that never acts by itself: the engine's own tasks are all there is. */
    static final World QUIET = new World() {
        @Override
        public Instant nextAfter(Instant now) {
            return null;
        }

        @Override
        public boolean settle(Instant now) {
            return false;
        }
    };

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final SimClock clock;
    private long seq;

    SimulatedTime(Instant start) {
        this.clock = new SimClock(start);
    }

    Clock clock() {
        return clock;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay), seq++, task);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Runs tasks, and lets the world act, in time order until {@code until} is done or nothing is left to happen. */
    void runUntil(Future<?> until, World world) {
        long ran = 0;
        while (!until.isDone()) {
            Instant now = clock.instant();
            Task next = peek();
            if (next != null && !next.at.isAfter(now)) {
                synchronized (this) {
                    queue.poll();
                }
                next.task.run();
                if (++ran > 10_000_000) {
                    throw new IllegalStateException("the simulation did not settle");
                }
                continue;
            }
            if (world.settle(now)) {
                continue;
            }
            Instant worldNext = world.nextAfter(now);
            Instant at =
                    next == null ? worldNext : worldNext == null || next.at.isBefore(worldNext) ? next.at : worldNext;
            if (at == null) {
                return;
            }
            clock.now = at;
        }
    }

    private synchronized Task peek() {
        while (!queue.isEmpty() && queue.peek().cancelled) {
            queue.poll();
        }
        return queue.peek();
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

    /** Read by the emulator's threads, moved only by {@link #runUntil}. */
    private static final class SimClock extends Clock {
        volatile Instant now;

        SimClock(Instant now) {
            this.now = now;
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
