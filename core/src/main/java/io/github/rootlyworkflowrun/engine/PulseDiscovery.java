package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.Page;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.Workflow;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Finds the runs one pulse triggered and waits for them (contract section 8). Rootly's answer to a pulse names no
 * run, so the enabled workflows whose trigger type is {@code pulse} are listed once, then each one's runs since the
 * pulse are listed again and again, after pauses that grow from {@link #FIRST_PAUSE} to the poll interval, until
 * {@code settle} has passed with no new run or the deadline comes. Every run is awaited as soon as it is found,
 * through the engine's coalesced waits, with the pulse's deadline. The result is the worst of the runs' outcomes.
 */
final class PulseDiscovery {
    /**
     * Subtracted from the pulse's created_at in the runs' {@code filter[created_at][gte]}: runs start after their
     * pulse on Rootly's own clock, so this only absorbs rounding and skew between Rootly's servers.
     */
    static final Duration CREATED_AT_MARGIN = Duration.ofMinutes(1);
    /** The pause after the first listing of runs; each later pause doubles, up to the poll interval. */
    static final Duration FIRST_PAUSE = Duration.ofSeconds(1);

    static final int PAUSE_FACTOR = 2;
    /** The time discovery gets for one look when it starts after its deadline. */
    static final Duration LATE_LOOK = Duration.ofSeconds(10);

    /**
     * The order of badness for the pulse's outcome, worst first. A run whose wait lost contact
     * (REJECTED_OR_UNREACHABLE) ranks below a known failure or cancel, which say more and ask for action, and above a
     * timeout, whose run was at least seen still running.
     */
    static final List<Outcome> WORST_FIRST = List.of(
            Outcome.FAILED,
            Outcome.CANCELED,
            Outcome.REJECTED_OR_UNREACHABLE,
            Outcome.TIMED_OUT,
            Outcome.COMPLETED_WITH_ERRORS,
            Outcome.SUCCEEDED);

    private final RunEngine engine;
    private final RootlyClient client;
    private final ApiToken token;
    private final PulseTicket ticket;
    private final ProgressListener events;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Retrier retrier;
    private final Budget budget;
    private final Instant since;

    final CompletableFuture<PulseResult> result = new CompletableFuture<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, Found> found = new LinkedHashMap<>();
    private List<Workflow> workflows = List.of();
    /** Whether the workflows were listed. */
    private boolean workflowsListed;
    /** The deadline came before the workflows could be listed: nothing is known of the pulse's runs. */
    private OutOfTime lateBeforeListing;

    private boolean discovering = true;
    private Throwable discoveryError;
    private Instant lastNew;
    private Duration nextPause = FIRST_PAUSE;
    private CompletableFuture<?> inFlight;
    private Scheduler.Cancellable pending;

    /** A run found, the workflow it belongs to, and its wait. */
    private record Found(WorkflowRun run, Workflow workflow, CompletableFuture<RunResult> waiting) {}

    PulseDiscovery(
            RunEngine engine,
            RootlyClient client,
            ApiToken token,
            PulseTicket ticket,
            ProgressListener events,
            Scheduler scheduler,
            Clock clock,
            Retrier retrier) {
        this.engine = engine;
        this.client = client;
        this.token = token;
        this.ticket = ticket;
        this.events = events;
        this.scheduler = scheduler;
        this.clock = clock;
        this.retrier = retrier;
        // Resumed after its deadline (a restart that took long), discovery still gets one look, as a wait's late
        // last check does; the waits it starts then make their own last checks.
        Instant now = clock.instant();
        this.budget = Budget.until(ticket.deadline().isAfter(now) ? ticket.deadline() : now.plus(LATE_LOOK));
        // Without Rootly's created_at, our own clock is all there is: allow for skew as a create's search does.
        this.since = ticket.pulseCreatedAt() != null
                ? ticket.pulseCreatedAt().minus(CREATED_AT_MARGIN)
                : ticket.startedAt().minus(Reconciler.WINDOW);
    }

    CompletableFuture<PulseResult> start() {
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                stop();
            }
        });
        CompletableFuture<List<Workflow>> listing = listWorkflows(1, new ArrayList<>());
        track(listing);
        listing.whenComplete((all, error) -> {
            if (error != null) {
                discoveryEnded(error);
                return;
            }
            List<Workflow> pulseWorkflows = all.stream()
                    .filter(w -> !Boolean.FALSE.equals(w.enabled()) && "pulse".equals(w.triggerType()))
                    .toList();
            synchronized (this) {
                workflows = pulseWorkflows;
                workflowsListed = true;
                lastNew = clock.instant();
            }
            events.on(new ProgressEvent.PulseWorkflowsFound(ticket.pulseId(), pulseWorkflows, ticket.settle()));
            if (pulseWorkflows.isEmpty()) {
                discoveryEnded(null);
            } else {
                round();
            }
        });
        return result;
    }

    /** Every workflow, all pages: Rootly offers no filter on the trigger type. */
    private CompletableFuture<List<Workflow>> listWorkflows(int number, List<Workflow> into) {
        return retrier.get(
                        client,
                        left -> unlessCancelled(
                                () -> client.listWorkflows(null, null, number, WaitGroup.PAGE_SIZE, left)),
                        events::on,
                        requests,
                        budget)
                .thenCompose((Page<Workflow> page) -> {
                    into.addAll(page.items());
                    Integer next = page.hasNext() ? page.nextPage() : null;
                    if (next == null || next <= number || number >= PageCursor.MAX_PAGES) {
                        return CompletableFuture.completedFuture(into);
                    }
                    return listWorkflows(next, into);
                });
    }

    /** One listing of every pulse workflow's runs, then the next pause or the end of discovery. */
    private void round() {
        if (result.isDone()) {
            return;
        }
        CompletableFuture<Void> listing = CompletableFuture.completedFuture(null);
        for (Workflow w : workflows) {
            listing = listing.thenCompose(ignored -> listRuns(w, 1, new PageCursor(events::on)));
        }
        track(listing);
        listing.whenComplete((ignored, error) -> {
            if (error != null) {
                discoveryEnded(error);
                return;
            }
            scheduleNext();
        });
    }

    private CompletableFuture<Void> listRuns(Workflow workflow, int number, PageCursor cursor) {
        if (result.isDone()) {
            return CompletableFuture.failedFuture(new CancellationException());
        }
        return retrier.get(
                        client,
                        left -> unlessCancelled(
                                () -> client.listRuns(workflow.id(), since, number, WaitGroup.PAGE_SIZE, left)),
                        events::on,
                        requests,
                        budget)
                .thenCompose(page -> {
                    cursor.add(number, page);
                    for (WorkflowRun run : page.items()) {
                        if (ticket.pulseId().equals(run.pulseId())) {
                            foundRun(run, workflow);
                        }
                    }
                    Integer next = cursor.next(number, page);
                    return next == null ? CompletableFuture.completedFuture(null) : listRuns(workflow, next, cursor);
                });
    }

    /** A discovery request about to go out after a pause: not once the caller has cancelled. */
    private <T> T unlessCancelled(java.util.function.Supplier<T> request) {
        if (result.isDone()) {
            throw new CancellationException();
        }
        return request.get();
    }

    /** Starts waiting for a run the first time it is seen. */
    private void foundRun(WorkflowRun run, Workflow workflow) {
        synchronized (this) {
            if (found.containsKey(run.id()) || result.isDone()) {
                return;
            }
        }
        String workflowName = run.workflowName() != null ? run.workflowName() : workflow.name();
        events.on(new ProgressEvent.TriggeredRunFound(run, workflowName != null ? workflowName : workflow.id()));
        WaitTicket wait = new WaitTicket(
                ticket.apiUrl(),
                run.workflowId() != null ? run.workflowId() : workflow.id(),
                workflowName,
                run.id(),
                run.createdAtInstant(),
                ticket.startedAt(),
                ticket.deadline(),
                ticket.pollInterval(),
                ticket.tokenSource(),
                0,
                null);
        CompletableFuture<RunResult> waiting = engine.awaitRun(wait, run, token, events);
        synchronized (this) {
            found.put(run.id(), new Found(run, workflow, waiting));
            lastNew = clock.instant();
            nextPause = FIRST_PAUSE; // one run often comes with others: look again soon
        }
        if (result.isDone()) {
            waiting.cancel(false); // cancelled while this run was being found
        }
        waiting.whenComplete((r, e) -> finishIfDone());
    }

    private void scheduleNext() {
        Instant now = clock.instant();
        Duration pause;
        synchronized (this) {
            Instant settleEnd = lastNew.plus(ticket.settle());
            if (!now.isBefore(settleEnd) || !now.isBefore(ticket.deadline())) {
                pause = null;
            } else {
                Duration untilSettled = Duration.between(now, settleEnd);
                pause = min(min(nextPause, ticket.pollInterval()), untilSettled);
                nextPause = nextPause.multipliedBy(PAUSE_FACTOR);
                if (!budget.fits(now, pause)) {
                    pause = null; // the deadline comes first: the waits make their own last checks
                }
            }
        }
        if (pause == null) {
            discoveryEnded(null);
            return;
        }
        Scheduler.Cancellable next = scheduler.schedule(pause, Retrier.guarded(result, this::round));
        synchronized (this) {
            pending = next;
        }
        if (result.isDone()) {
            next.cancel();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private synchronized void track(CompletableFuture<?> stage) {
        inFlight = stage;
    }

    /** Discovery is over: settled, out of time, or failed ({@code error}); the waits go on to their own ends. */
    private void discoveryEnded(Throwable error) {
        Throwable cause = error == null ? null : Messages.unwrap(error);
        int runs;
        synchronized (this) {
            if (!discovering) {
                return;
            }
            discovering = false;
            // Running out of time is no failure of discovery: the deadline simply came first.
            discoveryError = cause instanceof OutOfTime || cause instanceof CancellationException ? null : cause;
            if (cause instanceof OutOfTime late && !workflowsListed) {
                lateBeforeListing = late;
            }
            runs = found.size();
        }
        if (workflowsListed && !workflows.isEmpty() && (cause == null || cause instanceof OutOfTime)) {
            events.on(new ProgressEvent.SettleOver(ticket.pulseId(), runs, ticket.settle()));
        }
        finishIfDone();
    }

    /** Cancelled: no further listing, and every wait leaves its group at the next tick without a request. */
    private void stop() {
        List<CompletableFuture<RunResult>> waits;
        synchronized (this) {
            discovering = false;
            if (pending != null) {
                pending.cancel();
            }
            if (inFlight != null) {
                inFlight.cancel(false);
            }
            waits = found.values().stream().map(Found::waiting).toList();
        }
        waits.forEach(w -> w.cancel(false));
    }

    private void finishIfDone() {
        List<Found> all;
        Throwable error;
        synchronized (this) {
            if (discovering || result.isDone()) {
                return;
            }
            all = List.copyOf(found.values());
            if (all.stream().anyMatch(f -> !f.waiting().isDone())) {
                return;
            }
            error = discoveryError;
        }
        result.complete(verdict(all, error));
    }

    private PulseResult verdict(List<Found> all, Throwable error) {
        List<RunResult> runs = new ArrayList<>();
        for (Found f : all) {
            runs.add(f.waiting()
                    .handle((r, e) -> r != null ? r : lostContact(f, e))
                    .join());
        }
        Duration elapsed = Duration.between(ticket.startedAt(), clock.instant());
        int total = ticket.requestsSoFar() + requests.get() + waitRequests(runs);
        Outcome outcome;
        String message;
        OutOfTime late;
        synchronized (this) {
            late = lateBeforeListing;
        }
        if (runs.isEmpty() && late != null) {
            outcome = Outcome.TIMED_OUT;
            message = "The " + Durations.format(Duration.between(ticket.startedAt(), ticket.deadline()))
                    + " timeout came before the workflows of pulse " + ticket.pulseId() + " could be listed ("
                    + late.reason() + "), so whether any ran is unknown; check the pulse's workflows' runs in"
                    + " Rootly.";
        } else if (runs.isEmpty()) {
            if (error == null) {
                outcome = Outcome.SUCCEEDED;
                message = "no workflow ran for pulse " + ticket.pulseId();
            } else {
                outcome = Outcome.REJECTED_OR_UNREACHABLE;
                message = "Stopped looking for the runs pulse " + ticket.pulseId() + " triggered: " + describe(error)
                        + ". The pulse exists in Rootly; check its workflows' runs there.";
            }
        } else {
            RunResult worst = worst(runs);
            outcome = error != null && rank(Outcome.REJECTED_OR_UNREACHABLE) < rank(worst.outcome())
                    ? Outcome.REJECTED_OR_UNREACHABLE
                    : worst.outcome();
            message = "Pulse " + ticket.pulseId() + " started " + runs.size() + " run" + (runs.size() == 1 ? "" : "s")
                    + " ("
                    + runs.stream().map(PulseDiscovery::line).collect(Collectors.joining(", ")) + "). "
                    + worst.message()
                    + (error == null
                            ? ""
                            : " Looking for more runs failed (" + describe(error)
                                    + "); check the pulse's workflows in Rootly.");
        }
        return new PulseResult(
                outcome,
                message,
                ticket.pulseId(),
                ticket.summary(),
                ticket.source(),
                runs,
                elapsed,
                total,
                ticket.completedWithErrors(),
                ticket);
    }

    /**
     * The waits' requests: runs of one workflow share one wait group, whose listings each of them counts, so each
     * workflow counts its busiest wait once rather than every wait in full.
     */
    private static int waitRequests(List<RunResult> runs) {
        Map<String, Integer> byWorkflow = new HashMap<>();
        for (RunResult r : runs) {
            String key = r.workflowId() != null ? r.workflowId() : "";
            byWorkflow.merge(key, r.apiRequests(), Math::max);
        }
        return byWorkflow.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String line(RunResult r) {
        String id = r.run() != null ? r.run().id() : r.ticket().runId();
        String status = r.run() != null && r.run().status() != null
                ? r.run().status()
                : r.outcome().name().toLowerCase(java.util.Locale.ROOT);
        String workflow = r.workflowName() != null ? r.workflowName() : r.workflowId();
        return id + (workflow != null ? " of " + workflow : "") + " " + status;
    }

    /** The run with the worst outcome; the first found among equals. */
    static RunResult worst(List<RunResult> runs) {
        RunResult worst = runs.get(0);
        for (RunResult r : runs) {
            if (rank(r.outcome()) < rank(worst.outcome())) {
                worst = r;
            }
        }
        return worst;
    }

    /** Position in {@link #WORST_FIRST}; an outcome a wait never ends with ranks after all of them. */
    static int rank(Outcome outcome) {
        int i = WORST_FIRST.indexOf(outcome);
        return i < 0 ? WORST_FIRST.size() : i;
    }

    private RunResult lostContact(Found f, Throwable e) {
        return new RunResult(
                Outcome.REJECTED_OR_UNREACHABLE,
                "Stopped waiting for run " + f.run().id() + ": unexpected " + describe(e)
                        + ". The run goes on in Rootly; check its status there.",
                f.run(),
                f.workflow().id(),
                f.workflow().name(),
                Duration.between(ticket.startedAt(), clock.instant()),
                0,
                null);
    }

    private static String describe(Throwable error) {
        Throwable cause = Messages.unwrap(error);
        return cause instanceof RootlyApiException e ? e.getMessage() : Messages.describe(cause);
    }
}
