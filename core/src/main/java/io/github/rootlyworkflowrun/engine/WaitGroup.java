package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.RunStatus;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * All pending waits on one workflow, API URL and token. Rootly has no get-run-by-id, so each tick lists the
 * workflow's runs once (paging until every pending id is seen) and that one listing serves every waiter.
 *
 * <p>A wait's timeout is a hard deadline: every request, retry and rate-limit pause of a tick ends before the
 * earliest last check among its waiters, and each wait makes one last check just before its deadline, bounded by
 * it, so a run that finished shortly before the timeout is reported as finished.
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
    /**
     * How long before the deadline the last check starts (at most half the timeout): its whole time to get an
     * answer, so that it ends by the deadline rather than after it.
     */
    static final Duration LAST_CHECK = Duration.ofSeconds(1);

    static final int PAGE_SIZE = 100;

    private final RootlyClient client;
    private final String workflowId;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Retrier retrier;
    private final Consumer<WaitGroup> onEmpty;

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
            Consumer<WaitGroup> onEmpty) {
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

    /**
     * A webhook said the run changed. If it says the run ended, its wait polls now, or, during a tick, right after
     * that tick if its listing was asked for before the report and so may predate the change. Either way the wait
     * stops ramping up its polls: webhooks reach it, so it polls at its interval only as a fallback. Pauses Rootly asked for still hold (see {@link
     * Waiter#nextAction()}), and nudges coalesce into one listing because the group schedules one tick at a time.
     */
    synchronized boolean nudge(String runId, boolean ended) {
        Instant now = clock.instant();
        boolean known = false;
        for (Waiter w : waiters) {
            if (w.future.isDone() || !w.ticket.runId().equals(runId)) {
                continue;
            }
            known = true;
            w.webhooksArrive = true;
            if (!ended) {
                continue; // progress short of an end changes no outcome: the webhook for the end will come
            }
            if (polling) {
                w.changeReportedAt = now;
                w.listener.on(new ProgressEvent.ChangeReported(runId, null));
            } else {
                w.pollNow(now);
                Duration wait = Duration.between(now, w.nextAction());
                w.listener.on(new ProgressEvent.ChangeReported(runId, wait.isNegative() ? Duration.ZERO : wait));
            }
        }
        if (known) {
            reschedule();
        }
        return known;
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
            onEmpty.accept(this);
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
        try {
            startTick();
        } catch (Throwable t) {
            failAll(t);
        }
    }

    private void startTick() {
        List<Waiter> batch;
        Budget budget;
        synchronized (this) {
            scheduled = null;
            scheduledFor = null;
            Instant now = clock.instant();
            waiters.removeIf(w -> w.future.isDone());
            if (waiters.stream().allMatch(w -> now.isBefore(w.nextAction()))) {
                reschedule();
                return;
            }
            batch = List.copyOf(waiters);
            boolean lastCheck = markLastChecks(batch, now);
            budget = new Budget(stopBy(batch, now), lastCheck);
            polling = true;
        }
        Instant oldest = batch.stream()
                .map(w -> w.ticket.serverCreatedAt() != null ? w.ticket.serverCreatedAt() : w.ticket.startedAt())
                .min(Instant::compareTo)
                .orElseThrow()
                .minus(CREATED_AT_MARGIN);
        PageCursor cursor = new PageCursor(event -> batch.forEach(w -> w.warnOnce(event)));
        AtomicInteger pageRequests = new AtomicInteger();
        AtomicReference<Instant> listedFrom = new AtomicReference<>();
        fetch(oldest, 1, batch, cursor, pageRequests, budget, listedFrom)
                .whenComplete((ignored, error) -> finishTick(batch, cursor, pageRequests, listedFrom.get(), error));
    }

    /**
     * Whether this tick is a last check, and for whom: a last check serves every waiter whose own last check would
     * start within it, so that no last check is cut short by another's.
     */
    private static boolean markLastChecks(List<Waiter> batch, Instant now) {
        boolean lastCheck = batch.stream().anyMatch(w -> !now.isBefore(w.lastCheckAt));
        Instant horizon = now.plus(LAST_CHECK);
        batch.forEach(w -> w.finalCheck = lastCheck && w.lastCheckAt.isBefore(horizon));
        return lastCheck;
    }

    /**
     * A tick ends before the earliest last check among its waiters, so that check is never late; a last check ends
     * by its deadline (and skips rate-limit pacing: see {@link Budget}).
     */
    private static Instant stopBy(List<Waiter> batch, Instant now) {
        Instant stopBy = null;
        for (Waiter w : batch) {
            // A check that starts late (a wait resumed after its deadline) still gets its full time for an answer.
            Instant end = w.finalCheck ? latest(w.ticket.deadline(), now.plus(w.lastCheckWindow)) : w.lastCheckAt;
            stopBy = stopBy == null || end.isBefore(stopBy) ? end : stopBy;
        }
        return stopBy;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private CompletableFuture<Void> fetch(
            Instant since,
            int pageNumber,
            List<Waiter> batch,
            PageCursor cursor,
            AtomicInteger requests,
            Budget budget,
            AtomicReference<Instant> listedFrom) {
        AtomicReference<Instant> sent = new AtomicReference<>();
        return retrier.get(
                        client,
                        left -> {
                            // Every wait of the tick cancelled during a pause before this request: send none.
                            if (batch.stream().allMatch(w -> w.future.isDone())) {
                                throw new java.util.concurrent.CancellationException();
                            }
                            sent.set(clock.instant());
                            return client.listRuns(workflowId, since, pageNumber, PAGE_SIZE, left);
                        },
                        event -> batch.forEach(w -> w.listener.on(event)),
                        requests,
                        budget)
                .thenCompose(page -> {
                    // When the first page that answered was asked for: the listing shows no change made after it.
                    listedFrom.compareAndSet(null, sent.get());
                    cursor.add(pageNumber, page);
                    if (batch.stream().allMatch(w -> cursor.runs().containsKey(w.ticket.runId()))) {
                        return CompletableFuture.completedFuture(null);
                    }
                    Integer next = cursor.next(pageNumber, page);
                    return next == null
                            ? CompletableFuture.completedFuture(null)
                            : fetch(since, next, batch, cursor, requests, budget, listedFrom);
                });
    }

    private synchronized void finishTick(
            List<Waiter> batch, PageCursor cursor, AtomicInteger pageRequests, Instant listedFrom, Throwable error) {
        try {
            Instant now = clock.instant();
            Throwable cause = unwrap(error);
            List<String> duplicates = cursor.duplicates();
            for (Waiter w : batch) {
                try {
                    w.requests.addAndGet(pageRequests.get());
                    WorkflowRun run = cursor.runs().get(w.ticket.runId());
                    if (cause == null || cause instanceof OutOfTime && run != null) {
                        if (!duplicates.isEmpty()) {
                            w.warnOnce(new ProgressEvent.DuplicateRuns(duplicates));
                        }
                        w.afterListing(run, now);
                    } else if (cause instanceof OutOfTime late) {
                        w.outOfTime(late, now);
                    } else {
                        w.lostContact(cause);
                    }
                } catch (Throwable t) {
                    w.lostContact(t);
                }
            }
        } finally {
            polling = false;
            try {
                repollReported(batch, listedFrom);
                reschedule();
            } catch (Throwable t) {
                failAll(t);
            }
        }
    }

    /**
     * Polls again at once for a change reported during the tick, unless the tick's listing was asked for after the
     * report (then it already shows the change); a listing asked for in the same instant may predate it.
     */
    private void repollReported(List<Waiter> batch, Instant listedFrom) {
        Instant now = clock.instant();
        for (Waiter w : waiters) {
            if (w.changeReportedAt == null) {
                continue;
            }
            if (listedFrom == null || !listedFrom.isAfter(w.changeReportedAt) || !batch.contains(w)) {
                w.pollNow(now);
            }
            w.changeReportedAt = null;
        }
    }

    /** Ends every wait of the group when the group's own machinery fails, so that none is left hanging. */
    private synchronized void failAll(Throwable error) {
        polling = false;
        for (Waiter w : List.copyOf(waiters)) {
            w.lostContact(error);
        }
        waiters.clear();
        if (scheduled != null) {
            scheduled.cancel();
            scheduled = null;
            scheduledFor = null;
        }
        if (!retired) {
            retired = true;
            onEmpty.accept(this);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** One pending wait: its ticket, its future, and how often it has been polled. */
    static final class Waiter {
        final WaitTicket ticket;
        final CompletableFuture<RunResult> future;
        final ProgressListener listener;
        final AtomicInteger requests;
        final ResultMaker results;
        final Duration lastCheckWindow;
        final Instant lastCheckAt;
        Instant nextPollAt;
        Duration nextDelay;
        /** When Rootly last asked us to try again (a 429's pause, a backoff), if that is later than the next poll. */
        Instant notBefore;

        RunStatus lastStatus;
        String lastRawStatus;
        WorkflowRun lastRun;
        int misses;
        /** Whether the run has ever been in a listing; the create's answer does not count. */
        boolean listed;
        /** Whether the tick in flight is this wait's last check. */
        boolean finalCheck;
        /** Why the last check got no answer, for the timeout message. */
        String lastProblem;
        /** When a webhook reported a change during the tick in flight, which may need a poll right after it. */
        Instant changeReportedAt;
        /**
         * Whether a webhook has come for this run. The 1, 3, 9 s ramp exists to see a quick run soon; with webhooks
         * the end is reported, so the wait goes straight to its (fallback) interval and costs create + first poll +
         * the nudged poll (benchmark B4).
         */
        boolean webhooksArrive;

        private final Set<String> reported = ConcurrentHashMap.newKeySet();
        private final Set<Class<?>> warned = ConcurrentHashMap.newKeySet();

        Waiter(WaitTicket ticket, WorkflowRun knownRun, ProgressListener listener, Clock clock, ResultMaker results) {
            this.ticket = ticket;
            this.future = new CompletableFuture<>();
            this.listener = listener;
            this.requests = new AtomicInteger(ticket.requestsSoFar());
            this.results = results;
            this.lastRun = knownRun;
            this.lastRawStatus = knownRun != null ? knownRun.status() : ticket.reportedStatus();
            this.lastStatus = lastRawStatus == null ? null : RunStatus.fromWire(lastRawStatus);
            if (lastRawStatus != null) {
                reported.add(lastRawStatus); // told with the create
            }
            Duration timeout = Duration.between(ticket.startedAt(), ticket.deadline());
            Duration half = timeout.isNegative() ? Duration.ZERO : timeout.dividedBy(2);
            this.lastCheckWindow = half.compareTo(LAST_CHECK) < 0 ? half : LAST_CHECK;
            this.lastCheckAt = ticket.deadline().minus(lastCheckWindow);
            this.nextPollAt = clock.instant().plus(FIRST_POLL);
            this.nextDelay = FIRST_POLL.multipliedBy(BACKOFF_FACTOR);
        }

        Instant nextAction() {
            Instant next = notBefore != null && notBefore.isAfter(nextPollAt) ? notBefore : nextPollAt;
            return next.isBefore(lastCheckAt) ? next : lastCheckAt;
        }

        /** Brings the next poll forward to {@code now}; the backoff then goes on from where it was. */
        void pollNow(Instant now) {
            if (nextPollAt.isAfter(now)) {
                nextPollAt = now;
            }
        }

        void scheduleNextPoll(Instant now) {
            Duration interval = ticket.pollInterval();
            Duration delay = !webhooksArrive && nextDelay.compareTo(interval) < 0 ? nextDelay : interval;
            nextPollAt = now.plus(delay);
            nextDelay = delay.multipliedBy(BACKOFF_FACTOR);
        }

        /** A listing ended; {@code run} is this wait's run in it, or null. */
        void afterListing(WorkflowRun run, Instant now) {
            notBefore = null;
            if (run != null) {
                observe(run, now);
            } else {
                misses++;
                if (!finalCheck) {
                    listener.on(new ProgressEvent.RunNotListed(ticket.runId(), misses));
                }
            }
            if (finalCheck) {
                timeOut(now);
            } else {
                scheduleNextPoll(now);
            }
        }

        void observe(WorkflowRun run, Instant now) {
            lastRun = run;
            listed = true;
            misses = 0;
            String raw = run.status();
            RunStatus status = run.runStatus();
            if (raw != null && !raw.equals(lastRawStatus)) {
                // Each status is told once, even if a lagging listing shows an earlier one again.
                if (reported.add(raw)) {
                    if (status == RunStatus.UNKNOWN) {
                        listener.on(new ProgressEvent.UnknownStatus(run.id(), raw));
                    } else {
                        listener.on(new ProgressEvent.StatusChanged(
                                run.id(),
                                lastStatus,
                                raw,
                                run.statusMessage(),
                                Duration.between(ticket.startedAt(), now)));
                    }
                }
                lastRawStatus = raw;
                lastStatus = status;
            }
            if (status.isTerminal()) {
                future.complete(results.terminal(this, now));
            }
        }

        /** The listing could not be finished in time: at the last check the wait is over, before it the wait skips ahead. */
        void outOfTime(OutOfTime late, Instant now) {
            if (finalCheck) {
                lastProblem = late.requestLine() != null ? late.requestLine() + ": " + late.reason() : late.reason();
                timeOut(now);
                return;
            }
            Duration untilLastCheck = Duration.between(now, lastCheckAt);
            // Capped, as nextAction() is anyway: a Retry-After of 10^15 s would overflow an Instant.
            notBefore = now.plus(late.asked().compareTo(untilLastCheck) < 0 ? late.asked() : untilLastCheck);
            if (late.requestLine() != null || late.asked().compareTo(Retrier.LOGGED_PAUSE) >= 0) {
                listener.on(new ProgressEvent.PauseSkipped(
                        late.requestLine(), late.reason(), late.rateLimited(), late.asked(), untilLastCheck));
            }
            scheduleNextPoll(now);
        }

        /** Tells a warning about Rootly's listings once per wait, not at every poll. */
        void warnOnce(ProgressEvent warning) {
            if (warned.add(warning.getClass())) {
                listener.on(warning);
            }
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
