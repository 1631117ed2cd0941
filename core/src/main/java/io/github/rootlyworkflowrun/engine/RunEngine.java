package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.CreateRunRequest;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.RunStatus;
import io.github.rootlyworkflowrun.api.Workflow;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;

/**
 * Creates Rootly workflow runs and waits for them, asynchronously. One engine serves any number of runs: waits
 * on the same workflow, API URL and token share one list request per tick, and all delays are scheduled on
 * one {@link Scheduler}, so waiting holds no thread. Futures never fail: every ending is a {@link RunResult}.
 */
public final class RunEngine {
    /** How far before an ambiguous create the search for its run starts; generous, to absorb clock skew. */
    static final Duration RECONCILE_WINDOW = Duration.ofMinutes(15);
    /**
     * Pauses before each search for an ambiguous create's run: a server that answered too slowly may still be
     * writing it, so one empty search is not yet proof that no run exists.
     */
    static final List<Duration> RECONCILE_SEARCHES =
            List.of(Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(5));
    /**
     * The create step's own bound (resolving the workflow and creating the run): a pause that would end past it,
     * such as a far-off {@code Retry-After}, fails the create instead of sleeping. Rootly's limits are per minute,
     * so an honest rate-limit pause fits.
     */
    static final Duration CREATE_BOUND = Duration.ofMinutes(3);
    /** The same bound for the search after an ambiguous create, counted from the moment it starts. */
    static final Duration RECONCILE_BOUND = Duration.ofMinutes(2);

    private final Scheduler scheduler;
    private final Clock clock;
    private final OkHttpClient http;
    private final String userAgent;
    private final Retrier retrier;
    private final WorkflowResolver resolver;
    private final ConcurrentMap<ClientKey, RootlyClient> clients = new ConcurrentHashMap<>();
    private final ConcurrentMap<GroupKey, WaitGroup> groups = new ConcurrentHashMap<>();

    private RunEngine(Builder b) {
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        this.http = b.http;
        this.userAgent = b.userAgent;
        this.retrier = new Retrier(b.scheduler, b.clock, b.random, b.retryBaseDelay, b.retryMaxDelay);
        this.resolver = new WorkflowResolver(retrier);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the run and, if the spec says so, waits for it. Cancelling the returned future cancels the stage in
     * flight, so a cancelled wait leaves its {@link WaitGroup} at the next tick and sends no further request.
     */
    public CompletableFuture<RunResult> run(RunSpec spec, ProgressListener listener) {
        ProgressListener events = shielded(listener);
        CompletableFuture<RunResult> result = new CompletableFuture<>();
        // A future from thenCompose does not pass cancel() on to the future it composed, so the stage in
        // flight is tracked here and cancelled by hand: first the create, then the waiter's own future.
        AtomicReference<CompletableFuture<RunResult>> stage = new AtomicReference<>(create(spec, events));
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                stage.get().cancel(false);
            }
        });
        stage.get().whenComplete((created, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            if (created.outcome() != Outcome.CREATED || !spec.waitForCompletion()) {
                result.complete(created);
                return;
            }
            CompletableFuture<RunResult> waiting = await(created.ticket(), created.run(), spec.token(), events);
            stage.set(waiting);
            if (result.isCancelled()) {
                waiting.cancel(false); // cancelled while the create was finishing
                return;
            }
            waiting.whenComplete((done, failed) -> {
                if (failed != null) {
                    result.completeExceptionally(failed);
                } else {
                    result.complete(done);
                }
            });
        });
        return result;
    }

    /**
     * Finds the run a create with {@code spec.requestId()} made when its answer was lost (a Jenkins controller
     * restarted mid-create), the same way an ambiguous create is reconciled. CREATED with a ticket whose deadline
     * counts from {@code startedAt}; REJECTED_OR_UNREACHABLE when no run carries the request id.
     */
    public CompletableFuture<RunResult> adopt(RunSpec spec, Instant startedAt, ProgressListener listener) {
        Objects.requireNonNull(spec.requestId(), "spec.requestId()");
        ProgressListener events = shielded(listener);
        Budget budget = Budget.until(clock.instant().plus(RECONCILE_BOUND));
        AtomicInteger requests = new AtomicInteger();
        RootlyClient client = client(spec.apiUrl(), spec.token());
        Workflow[] workflow = {null};
        return resolver.resolve(client, spec.workflow(), events::on, requests, budget)
                .thenCompose(w -> {
                    workflow[0] = w;
                    events.on(new ProgressEvent.Reconciling(spec.requestId(), "the create's answer was lost"));
                    CreateRunRequest request = new CreateRunRequest(
                            w.id(),
                            spec.target(),
                            spec.immediate(),
                            spec.checkConditions(),
                            Map.of(),
                            spec.requestId());
                    return searchWithGrace(
                            client, request, startedAt.minus(RECONCILE_WINDOW), 0, events, requests, budget);
                })
                .handle((run, error) -> {
                    Workflow w = workflow[0];
                    String wfId = w == null ? null : w.id();
                    String wfName = run != null && run.workflowName() != null
                            ? run.workflowName()
                            : w == null ? null : w.name();
                    Duration elapsed = Duration.between(startedAt, clock.instant());
                    if (error != null || run == null) {
                        RunFailure f = error != null
                                ? failure(unwrap(error), spec, wfLabel(spec.workflow(), wfName))
                                : new RunFailure(
                                        Outcome.REJECTED_OR_UNREACHABLE,
                                        "No run of workflow " + wfLabel(spec.workflow(), wfName)
                                                + " carries request id " + spec.requestId()
                                                + ", so the create never reached Rootly; run the step again.");
                        return new RunResult(
                                f.outcome(), f.getMessage(), null, wfId, wfName, elapsed, requests.get(), null);
                    }
                    events.on(new ProgressEvent.Reconciled(run.id()));
                    WaitTicket ticket = new WaitTicket(
                            spec.apiUrl(),
                            run.workflowId() != null ? run.workflowId() : wfId,
                            wfName,
                            run.id(),
                            run.createdAtInstant(),
                            startedAt,
                            startedAt.plus(spec.timeout()),
                            spec.pollInterval(),
                            spec.tokenSource(),
                            requests.get(),
                            null); // no status was told yet: the wait tells the first one it sees
                    return new RunResult(
                            Outcome.CREATED,
                            "Found run " + run.id() + " of workflow " + wfLabel(spec.workflow(), wfName)
                                    + " by its request id " + spec.requestId(),
                            run,
                            ticket.workflowId(),
                            wfName,
                            elapsed,
                            requests.get(),
                            ticket);
                });
    }

    /**
     * Resolves the workflow and creates one run. The result is CREATED with a {@link WaitTicket}, or a failure;
     * an ambiguous create is reconciled through {@code context.ci.request_id} and never repeated. Cancelled
     * before the workflow is resolved, it sends no create.
     */
    public CompletableFuture<RunResult> create(RunSpec spec, ProgressListener listener) {
        Objects.requireNonNull(spec, "spec");
        ProgressListener events = shielded(listener);
        Instant started = clock.instant();
        Budget budget = Budget.until(started.plus(CREATE_BOUND));
        AtomicInteger requests = new AtomicInteger();
        RootlyClient client = client(spec.apiUrl(), spec.token());
        Workflow[] workflow = {null};
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        CompletableFuture<RunResult> result = resolver.resolve(client, spec.workflow(), events::on, requests, budget)
                .thenCompose(w -> {
                    workflow[0] = w;
                    if (cancelled.isDone()) {
                        // Cancelled while the workflow was being resolved: the create must not go out.
                        return CompletableFuture.failedFuture(new CancellationException());
                    }
                    CreateRunRequest request = new CreateRunRequest(
                            w.id(),
                            spec.target(),
                            spec.immediate(),
                            spec.checkConditions(),
                            spec.context(),
                            spec.requestId());
                    return createOnce(client, request, events, requests, budget);
                })
                .handle((run, error) -> {
                    Workflow w = workflow[0];
                    String wfId = w == null ? null : w.id();
                    String wfName = run != null && run.workflowName() != null
                            ? run.workflowName()
                            : w == null ? null : w.name();
                    Duration elapsed = Duration.between(started, clock.instant());
                    if (error != null) {
                        RunFailure f = failure(unwrap(error), spec, wfLabel(spec.workflow(), wfName));
                        return new RunResult(
                                f.outcome(), f.getMessage(), null, wfId, wfName, elapsed, requests.get(), null);
                    }
                    events.on(new ProgressEvent.RunCreated(run, wfLabel(spec.workflow(), wfName)));
                    Instant createdAt = run.createdAtInstant();
                    WaitTicket ticket = new WaitTicket(
                            spec.apiUrl(),
                            run.workflowId() != null ? run.workflowId() : wfId,
                            wfName,
                            run.id(),
                            createdAt,
                            started,
                            started.plus(spec.timeout()),
                            spec.pollInterval(),
                            spec.tokenSource(),
                            requests.get(),
                            run.status());
                    String message = "Created run " + run.id() + " of workflow " + wfLabel(spec.workflow(), wfName)
                            + (spec.waitForCompletion() ? "" : "; not waiting for it to finish");
                    return new RunResult(
                            Outcome.CREATED,
                            message,
                            run,
                            ticket.workflowId(),
                            wfName,
                            elapsed,
                            requests.get(),
                            ticket);
                });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancelled.complete(null);
            }
        });
        return result;
    }

    /** Waits for a created run; also the way to resume a wait from a persisted ticket after a restart. */
    public CompletableFuture<RunResult> await(WaitTicket ticket, ApiToken token, ProgressListener listener) {
        return await(ticket, null, token, listener);
    }

    private CompletableFuture<RunResult> await(
            WaitTicket ticket, WorkflowRun knownRun, ApiToken token, ProgressListener listener) {
        ProgressListener events = shielded(listener);
        WaitGroup.Waiter waiter = new WaitGroup.Waiter(ticket, knownRun, events, clock, new Results(clock));
        try {
            RootlyClient client = client(ticket.apiUrl(), token);
            GroupKey key = new GroupKey(ticket.apiUrl(), token, ticket.workflowId());
            while (true) {
                WaitGroup[] made = {null};
                WaitGroup group = groups.computeIfAbsent(
                        key,
                        k -> made[0] = new WaitGroup(
                                client, k.workflowId(), scheduler, clock, retrier, () -> groups.remove(k, made[0])));
                if (group.add(waiter)) {
                    return waiter.future;
                }
            }
        } catch (RuntimeException | Error e) {
            // The run exists: a failure to start waiting is reported with it, never as a lost create.
            waiter.lostContact(e);
            return waiter.future;
        }
    }

    /**
     * A front end's listener must not change an outcome: one that throws is ignored for that event. Errors still
     * pass, and end the future that met them (Retrier.guarded).
     */
    private static ProgressListener shielded(ProgressListener listener) {
        if (listener == null) {
            return ProgressListener.NONE;
        }
        return event -> {
            try {
                listener.on(event);
            } catch (RuntimeException ignored) {
                // The listener's failure is its own: the run's outcome stays what Rootly says.
            }
        };
    }

    /** Number of workflows with pending waits; for tests and benchmarks. */
    int activeGroups() {
        return groups.size();
    }

    private CompletableFuture<WorkflowRun> createOnce(
            RootlyClient client,
            CreateRunRequest request,
            ProgressListener events,
            AtomicInteger requests,
            Budget budget) {
        Instant attemptStart = clock.instant();
        return retrier.post(client, () -> client.createRun(request), events::on, requests, budget)
                .exceptionallyCompose(error -> {
                    Throwable cause = unwrap(error);
                    if (cause instanceof RootlyApiException e && isAmbiguous(e)) {
                        String reason = e.title() != null && e.status() == 0 ? e.title() : "HTTP " + e.status();
                        return reconcile(client, request, attemptStart, e.requestLine(), reason, events, requests);
                    }
                    if (!(cause instanceof RootlyApiException || cause instanceof OutOfTime)) {
                        // Anything else (an Error such as an out-of-memory reading the answer, a bug) may have
                        // struck after Rootly created the run: look for it rather than report a failure.
                        return reconcile(
                                client,
                                request,
                                attemptStart,
                                "POST /v1/workflows/" + request.workflowId() + "/workflow_runs",
                                "unexpected " + describe(cause),
                                events,
                                requests);
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    /** A create that may have reached Rootly: timeout or reset after sending, or a 5xx from the server or a proxy. */
    private static boolean isAmbiguous(RootlyApiException e) {
        return e.kind() == RootlyApiException.Kind.NO_RESPONSE
                || e.kind() == RootlyApiException.Kind.BAD_RESPONSE
                || e.kind() == RootlyApiException.Kind.HTTP && e.status() >= 500;
    }

    private CompletableFuture<WorkflowRun> reconcile(
            RootlyClient client,
            CreateRunRequest request,
            Instant attemptStart,
            String requestLine,
            String reason,
            ProgressListener events,
            AtomicInteger requests) {
        String unclear = "Outcome unknown: the create request " + requestLine + " got no clear answer (" + reason + ")";
        if (request.requestId() == null) {
            return CompletableFuture.failedFuture(new RunFailure(
                    Outcome.REJECTED_OR_UNREACHABLE,
                    unclear + " and CI context is off, so the run cannot be recognised. Check the workflow's runs in"
                            + " Rootly before trying again; keep CI context on to let this tool check for you."));
        }
        events.on(new ProgressEvent.Reconciling(request.requestId(), reason));
        Instant since = attemptStart.minus(RECONCILE_WINDOW);
        Budget budget = Budget.until(clock.instant().plus(RECONCILE_BOUND));
        return searchWithGrace(client, request, since, 0, events, requests, budget)
                .handle((run, error) -> {
                    if (error != null) {
                        // The search failing is no evidence either way: the run may exist.
                        throw new RunFailure(
                                Outcome.REJECTED_OR_UNREACHABLE,
                                unclear + ", and the search for a run with request id " + request.requestId()
                                        + " failed too (" + describe(unwrap(error)) + "). Check the workflow's runs in"
                                        + " Rootly before trying again.");
                    }
                    if (run == null) {
                        throw new RunFailure(
                                Outcome.REJECTED_OR_UNREACHABLE,
                                unclear + " and no run carries request id " + request.requestId()
                                        + ". Check the workflow's runs in Rootly before trying again.");
                    }
                    events.on(new ProgressEvent.Reconciled(run.id()));
                    return run;
                });
    }

    private CompletableFuture<WorkflowRun> searchWithGrace(
            RootlyClient client,
            CreateRunRequest request,
            Instant since,
            int search,
            ProgressListener events,
            AtomicInteger requests,
            Budget budget) {
        Duration pause = RECONCILE_SEARCHES.get(search);
        if (pause.compareTo(Retrier.LOGGED_PAUSE) >= 0) {
            events.on(new ProgressEvent.SearchingAgain(request.requestId(), pause));
        }
        CompletableFuture<Void> paused = new CompletableFuture<>();
        scheduler.schedule(pause, () -> paused.complete(null));
        PageCursor cursor = new PageCursor(events::on);
        return paused.thenCompose(
                        ignored -> findByRequestId(client, request, since, 1, cursor, events, requests, budget))
                .thenCompose(run -> run != null || search + 1 >= RECONCILE_SEARCHES.size()
                        ? CompletableFuture.completedFuture(run)
                        : searchWithGrace(client, request, since, search + 1, events, requests, budget));
    }

    private CompletableFuture<WorkflowRun> findByRequestId(
            RootlyClient client,
            CreateRunRequest request,
            Instant since,
            int pageNumber,
            PageCursor cursor,
            ProgressListener events,
            AtomicInteger requests,
            Budget budget) {
        return retrier.get(
                        client,
                        left -> client.listRuns(request.workflowId(), since, pageNumber, WaitGroup.PAGE_SIZE, left),
                        events::on,
                        requests,
                        budget)
                .thenCompose(page -> {
                    for (WorkflowRun run : page.items()) {
                        if (request.requestId().equals(run.ciRequestId())) {
                            return CompletableFuture.completedFuture(run);
                        }
                    }
                    cursor.add(pageNumber, page);
                    Integer next = cursor.next(pageNumber, page);
                    return next == null
                            ? CompletableFuture.completedFuture(null)
                            : findByRequestId(client, request, since, next, cursor, events, requests, budget);
                });
    }

    private RootlyClient client(String apiUrl, ApiToken token) {
        return clients.computeIfAbsent(
                new ClientKey(apiUrl, token), k -> RootlyClient.create(apiUrl, token, http, clock, userAgent));
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String wfLabel(String reference, String name) {
        return name != null && !name.equals(reference) ? "'" + reference + "' (" + name + ")" : "'" + reference + "'";
    }

    /** Turns a failure into an outcome of docs/contract.md with a message that says what happened and what to do. */
    static RunFailure failure(Throwable error, RunSpec spec, String workflow) {
        if (error instanceof RunFailure f) {
            return f;
        }
        if (error instanceof UsageException u) {
            return new RunFailure(Outcome.USAGE_ERROR, u.getMessage());
        }
        if (error instanceof OutOfTime late) {
            // Only pauses before anything was created end here: an ambiguous create is reconciled, not retried.
            return new RunFailure(
                    Outcome.REJECTED_OR_UNREACHABLE,
                    (late.requestLine() != null ? late.requestLine() + ": " : "")
                            + late.reason().replaceFirst("\\.$", "") // Rootly's own words may end a sentence
                            + ". The next attempt would be in "
                            + Durations.format(late.asked().plusMillis(999))
                            + ", past the " + Durations.format(CREATE_BOUND) + " allowed for creating a run, so no run"
                            + " of workflow " + workflow + " was created. Try again later, or raise the API key's"
                            + " rate limits.");
        }
        if (error instanceof RootlyApiException e) {
            String rootly = e.getMessage();
            String next =
                    switch (e.kind() == RootlyApiException.Kind.HTTP ? e.status() : -1) {
                        case 401 -> "Rootly rejected the API token; check the API token in " + spec.tokenSource() + ".";
                        case 403 -> "The API token may not run workflow " + workflow
                                + "; use a token whose role may run workflows (" + spec.tokenSource() + ").";
                        case 404 -> "Workflow " + workflow
                                + " (or the target resource) was not found or is not visible to this"
                                + " token; check the workflow id or slug, the target id, and the token's team.";
                        case 415 -> "Rootly refused the request's content type; please report this as a bug.";
                        case 422 -> "Rootly did not create the run.";
                        case 429 -> "Rootly kept rate-limiting the request; try again later or raise your API limits.";
                            // One-shot answers: sending the same request again would fail the same way.
                        case 400 -> "Rootly found the request invalid and created no run; check the run's context"
                                + " and target id against its message.";
                        case 409 -> "Rootly reported a conflict and created no run; check the workflow and its target"
                                + " in Rootly (a run may already be in progress) before trying again.";
                        case 413 -> "The request is too large for Rootly, which created no run; make the run's"
                                + " context smaller.";
                        default -> e.kind() != RootlyApiException.Kind.HTTP
                                ? "Could not reach Rootly at " + spec.apiUrl()
                                        + "; check the URL, DNS, proxy and network."
                                // Redirects are never followed (RootlyClient), so any 3xx is one.
                                : e.status() / 100 == 3
                                        ? "Check the API URL: " + spec.apiUrl() + " is not the API's address."
                                        : e.status() / 100 == 4 && e.status() != 408
                                                ? "Rootly refused the request and created no run; fix what its"
                                                        + " message says before trying again."
                                                : "Rootly kept failing; try again later.";
                    };
            return new RunFailure(Outcome.REJECTED_OR_UNREACHABLE, rootly + ". " + next);
        }
        return new RunFailure(
                Outcome.REJECTED_OR_UNREACHABLE,
                "Unexpected " + describe(error) + " while creating a run of workflow " + workflow
                        + "; please report it. Check the workflow's runs in Rootly before trying again.");
    }

    /** A throwable in a line: its simple class name and message, never a stack trace. */
    static String describe(Throwable error) {
        String message = error.getMessage();
        return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** The wording of a wait's endings. */
    private static final class Results implements WaitGroup.ResultMaker {
        private final Clock clock;

        Results(Clock clock) {
            this.clock = clock;
        }

        @Override
        public RunResult terminal(WaitGroup.Waiter w, Instant now) {
            WorkflowRun run = w.lastRun;
            RunStatus status = run.runStatus();
            Outcome outcome =
                    switch (status) {
                        case COMPLETED -> Outcome.SUCCEEDED;
                        case COMPLETED_WITH_ERRORS -> Outcome.COMPLETED_WITH_ERRORS;
                        case FAILED -> Outcome.FAILED;
                        default -> Outcome.CANCELED;
                    };
            Duration elapsed = Duration.between(w.ticket.startedAt(), now);
            String why =
                    run.statusMessage() != null && !run.statusMessage().isBlank() ? ": " + run.statusMessage() : "";
            String next =
                    switch (outcome) {
                        case SUCCEEDED -> "";
                        case COMPLETED_WITH_ERRORS -> ". Some tasks failed; see the run's task list in Rootly.";
                        case FAILED -> ". See the run in Rootly for the failing task.";
                        default -> ". It was canceled in Rootly.";
                    };
            return result(
                    w,
                    outcome,
                    "Run " + run.id() + " of " + label(w) + " ended " + run.status() + " after "
                            + Durations.format(elapsed) + why + next,
                    elapsed);
        }

        @Override
        public RunResult timedOut(WaitGroup.Waiter w, Instant now) {
            String timeout = Durations.format(Duration.between(w.ticket.startedAt(), w.ticket.deadline()));
            String run = "Run " + w.ticket.runId() + " of " + label(w);
            String what = w.listed
                    ? run + " is still " + w.lastRawStatus + " after the " + timeout + " timeout"
                    : run + " was created but never appeared in Rootly's list of the workflow's runs within the "
                            + timeout + " timeout, so its status is unknown";
            String problem = w.lastProblem != null ? " (the last check got no answer: " + w.lastProblem + ")" : "";
            String next = w.listed
                    ? "raise the timeout or check why the workflow is slow."
                    : "check it there, and that the token may list the workflow's runs.";
            return result(
                    w,
                    Outcome.TIMED_OUT,
                    what + problem + ". The run goes on in Rootly (it has no cancel API); " + next,
                    Duration.between(w.ticket.startedAt(), now));
        }

        @Override
        public RunResult lostContact(WaitGroup.Waiter w, Throwable error) {
            Throwable cause = unwrap(error);
            String what = cause instanceof RootlyApiException e ? e.getMessage() : "unexpected " + describe(cause);
            return result(
                    w,
                    Outcome.REJECTED_OR_UNREACHABLE,
                    "Stopped waiting for run " + w.ticket.runId() + " of " + label(w) + ": " + what
                            + ". The run goes on in Rootly; check its status there.",
                    Duration.between(w.ticket.startedAt(), clock.instant()));
        }

        private static String label(WaitGroup.Waiter w) {
            return w.ticket.workflowName() != null
                    ? w.ticket.workflowName()
                    : w.ticket.workflowId() != null ? w.ticket.workflowId() : "its workflow";
        }

        private static RunResult result(WaitGroup.Waiter w, Outcome outcome, String message, Duration elapsed) {
            return new RunResult(
                    outcome,
                    message,
                    w.lastRun,
                    w.ticket.workflowId(),
                    w.ticket.workflowName(),
                    elapsed,
                    w.requests.get(),
                    w.ticket);
        }
    }

    private record ClientKey(String apiUrl, ApiToken token) {}

    private record GroupKey(String apiUrl, ApiToken token, String workflowId) {}

    /** Configures an engine; every default suits a command-line run. */
    public static final class Builder {
        private Scheduler scheduler;
        private Clock clock = Clock.systemUTC();
        private OkHttpClient http;
        private String userAgent = "rootly-workflow-run/" + RootlyClient.version();
        private RandomGenerator random = RandomGenerator.getDefault();
        private Duration retryBaseDelay = Duration.ofSeconds(1);
        private Duration retryMaxDelay = Duration.ofSeconds(30);

        private Builder() {}

        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The HTTP client to build on (Jenkins passes one that honours its proxy settings). */
        public Builder httpClient(OkHttpClient http) {
            this.http = http;
            return this;
        }

        /** Appended to the User-Agent, e.g. {@code cli} or {@code jenkins/2.555.3}. */
        public Builder userAgentSuffix(String suffix) {
            this.userAgent = "rootly-workflow-run/" + RootlyClient.version() + " (" + suffix + ")";
            return this;
        }

        public Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        public Builder retryDelays(Duration base, Duration max) {
            this.retryBaseDelay = base;
            this.retryMaxDelay = max;
            return this;
        }

        public RunEngine build() {
            if (scheduler == null) {
                scheduler = Scheduler.daemon(2);
            }
            if (http == null) {
                http = RootlyClient.defaultHttpClient().build();
            }
            return new RunEngine(this);
        }
    }
}
