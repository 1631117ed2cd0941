package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.CreateRunRequest;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Finds the run an ambiguous create may have made, by the {@code context.ci.request_id} it carries, so that one
 * invocation never creates two runs: a create is looked up, never sent again.
 */
final class Reconciler {
    /** How far before an ambiguous create the search for its run starts; generous, to absorb clock skew. */
    static final Duration WINDOW = Duration.ofMinutes(15);
    /**
     * Pauses before each search for an ambiguous create's run: a server that answered too slowly may still be
     * writing it, so one empty search is not yet proof that no run exists.
     */
    static final List<Duration> SEARCHES = List.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5));
    /** The search's own bound, counted from the moment it starts, like the create step's. */
    static final Duration BOUND = Duration.ofMinutes(2);

    private final Scheduler scheduler;
    private final Clock clock;
    private final Retrier retrier;

    Reconciler(Scheduler scheduler, Clock clock, Retrier retrier) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.retrier = retrier;
    }

    /**
     * The run {@code request} made, after an attempt that started at {@code attemptStart} got no clear answer; fails
     * with REJECTED_OR_UNREACHABLE ("outcome unknown") when no run carries the request id or the search fails.
     */
    CompletableFuture<WorkflowRun> reconcile(
            CreateCall call, CreateRunRequest request, Instant attemptStart, String requestLine, String reason) {
        String unclear = "Outcome unknown: the create request " + requestLine + " got no clear answer (" + reason + ")";
        if (request.requestId() == null) {
            return CompletableFuture.failedFuture(new RunFailure(
                    Outcome.REJECTED_OR_UNREACHABLE,
                    unclear + " and CI context is off, so the run cannot be recognised. Check the workflow's runs in"
                            + " Rootly before trying again; keep CI context on to let this tool check for you."));
        }
        call.events.on(new ProgressEvent.Reconciling(request.requestId(), reason));
        Budget budget = Budget.until(clock.instant().plus(BOUND));
        return find(call, request, attemptStart.minus(WINDOW), budget).handle((run, error) -> {
            if (error != null) {
                // The search failing is no evidence either way: the run may exist.
                throw new RunFailure(
                        Outcome.REJECTED_OR_UNREACHABLE,
                        unclear + ", and the search for a run with request id " + request.requestId()
                                + " failed too (" + Messages.describe(Messages.unwrap(error))
                                + "). Check the workflow's runs in Rootly before trying again.");
            }
            if (run == null) {
                throw new RunFailure(
                        Outcome.REJECTED_OR_UNREACHABLE,
                        unclear + " and no run carries request id " + request.requestId()
                                + ". Check the workflow's runs in Rootly before trying again.");
            }
            call.events.on(new ProgressEvent.Reconciled(run.id()));
            return run;
        });
    }

    /** The run of {@code request}'s workflow created since {@code since} with its request id, or null. */
    CompletableFuture<WorkflowRun> find(CreateCall call, CreateRunRequest request, Instant since, Budget budget) {
        return new Search(call, request, since, budget).from(0);
    }

    /**
     * Runs {@code search} after each pause of {@link #SEARCHES} until it yields something (non-null), and yields null
     * after the last; each pause of {@link Retrier#LOGGED_PAUSE} or more is told to {@code onPause} first. Shared by
     * every reconciliation (runs and pulses), so all keep the same pauses.
     */
    static <T> CompletableFuture<T> searchRepeatedly(
            Scheduler scheduler, Consumer<Duration> onPause, Supplier<CompletableFuture<T>> search) {
        return searchFrom(0, scheduler, onPause, search);
    }

    private static <T> CompletableFuture<T> searchFrom(
            int n, Scheduler scheduler, Consumer<Duration> onPause, Supplier<CompletableFuture<T>> search) {
        Duration pause = SEARCHES.get(n);
        if (pause.compareTo(Retrier.LOGGED_PAUSE) >= 0) {
            onPause.accept(pause);
        }
        CompletableFuture<Void> paused = new CompletableFuture<>();
        scheduler.schedule(pause, () -> paused.complete(null));
        return paused.thenCompose(ignored -> search.get())
                .thenCompose(found -> found != null || n + 1 >= SEARCHES.size()
                        ? CompletableFuture.completedFuture(found)
                        : searchFrom(n + 1, scheduler, onPause, search));
    }

    /** One search, repeated after each pause of {@link #SEARCHES} until the run is found. */
    private final class Search {
        private final CreateCall call;
        private final CreateRunRequest request;
        private final Instant since;
        private final Budget budget;

        Search(CreateCall call, CreateRunRequest request, Instant since, Budget budget) {
            this.call = call;
            this.request = request;
            this.since = since;
            this.budget = budget;
        }

        CompletableFuture<WorkflowRun> from(int search) {
            return searchRepeatedly(
                    scheduler,
                    pause -> call.events.on(new ProgressEvent.SearchingAgain(request.requestId(), pause)),
                    () -> page(1, new PageCursor(call.events::on)));
        }

        private CompletableFuture<WorkflowRun> page(int pageNumber, PageCursor cursor) {
            return retrier.get(
                            call.client,
                            left -> call.client.listRuns(
                                    request.workflowId(), since, pageNumber, WaitGroup.PAGE_SIZE, left),
                            call.events::on,
                            call.requests,
                            budget)
                    .thenCompose(page -> {
                        for (WorkflowRun run : page.items()) {
                            if (request.requestId().equals(run.ciRequestId())) {
                                return CompletableFuture.completedFuture(run);
                            }
                        }
                        cursor.add(pageNumber, page);
                        Integer next = cursor.next(pageNumber, page);
                        return next == null ? CompletableFuture.completedFuture(null) : page(next, cursor);
                    });
        }
    }

    /** A create that may have reached Rootly: timeout or reset after sending, or a 5xx from the server or a proxy. */
    static boolean isAmbiguous(RootlyApiException e) {
        return e.kind() == RootlyApiException.Kind.NO_RESPONSE
                || e.kind() == RootlyApiException.Kind.BAD_RESPONSE
                || e.kind() == RootlyApiException.Kind.HTTP && e.status() >= 500;
    }

    /** How an ambiguous answer is named: the transport's own words, else its HTTP status. */
    static String ambiguity(RootlyApiException e) {
        return e.title() != null && e.status() == 0 ? e.title() : "HTTP " + e.status();
    }
}
