package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.Page;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.RunStatus;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All pending waits on one workflow, API URL and token. Rootly has no get-run-by-id, so each tick lists the
 * workflow's runs once (paging until every pending id is seen) and that one listing serves every waiter.
 */
final class WaitGroup {
    static final Duration FIRST_POLL = Duration.ofSeconds(1);
    /**
     * How fast the pause grows from the first poll to the poll interval: 1 s, 3 s, 9 s, then the interval. Steep
     * enough that a wait costs at most T/P + 3 requests even at P = 30 s (benchmark B2), while a quick run is still
     * seen within seconds.
     */
    static final int BACKOFF_FACTOR = 3;
    /** Subtracted from the oldest created_at in the filter, against rounding of server timestamps. */
    static final Duration CREATED_AT_MARGIN = Duration.ofMinutes(1);

    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 200;

    private final RootlyClient client;
    private final String workflowId;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Retrier retrier;
    private final Runnable onEmpty;

    private final List<Waiter> waiters = new ArrayList<>();
    private Scheduler.Cancellable scheduled;
    private Instant scheduledFor;
    private boolean polling;
    private boolean retired;

    WaitGroup(
            RootlyClient client,
            String workflowId,
            Scheduler scheduler,
            Clock clock,
            Retrier retrier,
            Runnable onEmpty) {
        this.client = client;
        this.workflowId = workflowId;
        this.scheduler = scheduler;
        this.clock = clock;
        this.retrier = retrier;
        this.onEmpty = onEmpty;
    }

    /** Adds a wait; false when the group has already emptied and been retired, so the caller makes a new one. */
    synchronized boolean add(Waiter waiter) {
        if (retired) {
            return false;
        }
        waiters.add(waiter);
        reschedule();
        return true;
    }

    private void reschedule() {
        if (polling) {
            return; // the tick in flight reschedules when it finishes
        }
        waiters.removeIf(w -> w.future.isDone());
        if (waiters.isEmpty()) {
            if (scheduled != null) {
                scheduled.cancel();
                scheduled = null;
                scheduledFor = null;
            }
            retired = true;
            onEmpty.run();
            return;
        }
        Instant next =
                waiters.stream().map(Waiter::nextAction).min(Instant::compareTo).orElseThrow();
        if (scheduled != null && !scheduledFor.isAfter(next)) {
            return;
        }
        if (scheduled != null) {
            scheduled.cancel();
        }
        scheduledFor = next;
        Duration delay = Duration.between(clock.instant(), next);
        scheduled = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::tick);
    }

    private void tick() {
        List<Waiter> batch;
        synchronized (this) {
            scheduled = null;
            scheduledFor = null;
            Instant now = clock.instant();
            waiters.removeIf(w -> w.future.isDone());
            for (Waiter w : List.copyOf(waiters)) {
                if (!now.isBefore(w.ticket.deadline())) {
                    w.timeOut(now);
                }
            }
            waiters.removeIf(w -> w.future.isDone());
            boolean anyDue = waiters.stream().anyMatch(w -> !now.isBefore(w.nextPollAt));
            if (!anyDue) {
                reschedule();
                return;
            }
            batch = List.copyOf(waiters);
            polling = true;
        }
        Instant oldest = batch.stream()
                .map(w -> w.ticket.serverCreatedAt() != null ? w.ticket.serverCreatedAt() : w.ticket.startedAt())
                .min(Instant::compareTo)
                .orElseThrow()
                .minus(CREATED_AT_MARGIN);
        Map<String, WorkflowRun> found = new HashMap<>();
        AtomicInteger pageRequests = new AtomicInteger();
        fetch(oldest, 1, batch, found, pageRequests).whenComplete((ignored, error) -> {
            synchronized (this) {
                Instant now = clock.instant();
                for (Waiter w : batch) {
                    w.requests.addAndGet(pageRequests.get());
                    if (error != null) {
                        w.lostContact(error);
                    } else {
                        WorkflowRun run = found.get(w.ticket.runId());
                        if (run == null) {
                            w.notListed();
                        } else {
                            w.observe(run, now);
                        }
                        w.scheduleNextPoll(now);
                    }
                }
                polling = false;
                reschedule();
            }
        });
    }

    private CompletableFuture<Void> fetch(
            Instant since, int pageNumber, List<Waiter> batch, Map<String, WorkflowRun> found, AtomicInteger requests) {
        return retrier.get(
                        client,
                        () -> client.listRuns(workflowId, since, pageNumber, PAGE_SIZE),
                        event -> batch.forEach(w -> w.listener.on(event)),
                        requests)
                .thenCompose((Page<WorkflowRun> page) -> {
                    page.items().forEach(r -> found.put(r.id(), r));
                    boolean allSeen = batch.stream().allMatch(w -> found.containsKey(w.ticket.runId()));
                    if (allSeen || !page.hasNext() || pageNumber >= MAX_PAGES) {
                        return CompletableFuture.completedFuture(null);
                    }
                    return fetch(since, pageNumber + 1, batch, found, requests);
                });
    }

    /** One pending wait: its ticket, its future, and how often it has been polled. */
    static final class Waiter {
        final WaitTicket ticket;
        final CompletableFuture<RunResult> future;
        final ProgressListener listener;
        final AtomicInteger requests;
        final ResultMaker results;
        Instant nextPollAt;
        Duration nextDelay;
        RunStatus lastStatus;
        String lastRawStatus;
        WorkflowRun lastRun;
        int misses;

        Waiter(WaitTicket ticket, WorkflowRun knownRun, ProgressListener listener, Clock clock, ResultMaker results) {
            this.ticket = ticket;
            this.future = new CompletableFuture<>();
            this.listener = listener;
            this.requests = new AtomicInteger(ticket.requestsSoFar());
            this.results = results;
            this.lastRun = knownRun;
            this.lastRawStatus = knownRun == null ? null : knownRun.status();
            this.lastStatus = knownRun == null ? null : knownRun.runStatus();
            this.nextPollAt = clock.instant().plus(FIRST_POLL);
            this.nextDelay = FIRST_POLL.multipliedBy(BACKOFF_FACTOR);
        }

        Instant nextAction() {
            return nextPollAt.isBefore(ticket.deadline()) ? nextPollAt : ticket.deadline();
        }

        void scheduleNextPoll(Instant now) {
            Duration interval = ticket.pollInterval();
            Duration delay = nextDelay.compareTo(interval) < 0 ? nextDelay : interval;
            nextPollAt = now.plus(delay);
            nextDelay = delay.multipliedBy(BACKOFF_FACTOR);
        }

        void observe(WorkflowRun run, Instant now) {
            lastRun = run;
            misses = 0;
            String raw = run.status();
            RunStatus status = run.runStatus();
            if (raw != null && !raw.equals(lastRawStatus)) {
                if (status == RunStatus.UNKNOWN) {
                    listener.on(new ProgressEvent.UnknownStatus(run.id(), raw));
                } else {
                    listener.on(new ProgressEvent.StatusChanged(
                            run.id(), lastStatus, raw, run.statusMessage(), Duration.between(ticket.startedAt(), now)));
                }
                lastRawStatus = raw;
                lastStatus = status;
            }
            if (status.isTerminal()) {
                future.complete(results.terminal(this, now));
            }
        }

        void notListed() {
            misses++;
            listener.on(new ProgressEvent.RunNotListed(ticket.runId(), misses));
        }

        void timeOut(Instant now) {
            future.complete(results.timedOut(this, now));
        }

        void lostContact(Throwable error) {
            future.complete(results.lostContact(this, error));
        }
    }

    /** Builds the final results of a wait; the engine owns the wording. */
    interface ResultMaker {
        RunResult terminal(Waiter waiter, Instant now);

        RunResult timedOut(Waiter waiter, Instant now);

        RunResult lostContact(Waiter waiter, Throwable error);
    }
}
