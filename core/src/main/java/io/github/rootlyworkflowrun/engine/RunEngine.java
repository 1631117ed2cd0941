package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.CreateRunRequest;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.Workflow;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.random.RandomGenerator;
import okhttp3.OkHttpClient;

/**
 * Creates Rootly workflow runs and waits for them, asynchronously. One engine serves any number of runs: waits
 * on the same workflow, API URL and token share one list request per tick, and all delays are scheduled on
 * one {@link Scheduler}, so waiting holds no thread. Futures never fail: every ending is a {@link RunResult}.
 */
public final class RunEngine {
    /**
     * The create step's own bound (resolving the workflow and creating the run): a pause that would end past it,
     * such as a far-off {@code Retry-After}, fails the create instead of sleeping. Rootly's limits are per minute,
     * so an honest rate-limit pause fits.
     */
    static final Duration CREATE_BOUND = Duration.ofMinutes(3);

    private final Scheduler scheduler;
    private final Clock clock;
    private final OkHttpClient http;
    private final String userAgent;
    private final Retrier retrier;
    private final WorkflowResolver resolver;
    private final Reconciler reconciler;
    private final PulseFlow pulses;
    private final ConcurrentMap<ClientKey, RootlyClient> clients = new ConcurrentHashMap<>();
    private final ConcurrentMap<GroupKey, WaitGroup> groups = new ConcurrentHashMap<>();

    private RunEngine(Builder b) {
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        this.http = b.http;
        this.userAgent = b.userAgent;
        this.retrier = new Retrier(b.scheduler, b.clock, b.random, b.retryBaseDelay, b.retryMaxDelay);
        this.resolver = new WorkflowResolver(retrier);
        this.reconciler = new Reconciler(b.scheduler, b.clock, retrier);
        this.pulses = new PulseFlow(this, b.scheduler, b.clock, retrier);
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
        return CreateThenWait.chain(
                create(spec, events),
                created -> created.outcome() == Outcome.CREATED && spec.waitForCompletion()
                        ? await(created.ticket(), created.run(), spec.token(), events)
                        : null);
    }

    /**
     * Finds the run a create with {@code spec.requestId()} made when its answer was lost (a Jenkins controller
     * restarted mid-create), the same way an ambiguous create is reconciled. CREATED with a ticket whose deadline
     * counts from {@code startedAt}; REJECTED_OR_UNREACHABLE when no run carries the request id.
     */
    public CompletableFuture<RunResult> adopt(RunSpec spec, Instant startedAt, ProgressListener listener) {
        Objects.requireNonNull(spec.requestId(), "spec.requestId()");
        CreateCall call = call(spec, listener, startedAt, clock.instant().plus(Reconciler.BOUND));
        return resolve(call)
                .thenCompose(w -> {
                    call.events.on(new ProgressEvent.Reconciling(spec.requestId(), "the create's answer was lost"));
                    CreateRunRequest request = new CreateRunRequest(
                            w.id(),
                            spec.target(),
                            spec.immediate(),
                            spec.checkConditions(),
                            Map.of(),
                            spec.requestId());
                    return reconciler.find(call, request, startedAt.minus(Reconciler.WINDOW), call.budget);
                })
                .handle((run, error) -> {
                    if (error != null) {
                        return call.failed(error);
                    }
                    if (run == null) {
                        return call.failed(new RunFailure(
                                Outcome.REJECTED_OR_UNREACHABLE,
                                "No run of workflow " + call.workflowLabel(null) + " carries request id "
                                        + spec.requestId() + ", so the create never reached Rootly; run the step"
                                        + " again."));
                    }
                    call.events.on(new ProgressEvent.Reconciled(run.id()));
                    // No status was told yet: the wait tells the first one it sees.
                    return call.created(
                            run,
                            "Found run " + run.id() + " of workflow " + call.workflowLabel(run) + " by its request id "
                                    + spec.requestId(),
                            null);
                });
    }

    /**
     * Resolves the workflow and creates one run. The result is CREATED with a {@link WaitTicket}, or a failure;
     * an ambiguous create is reconciled through {@code context.ci.request_id} and never repeated. Cancelled
     * before the workflow is resolved, it sends no create.
     */
    public CompletableFuture<RunResult> create(RunSpec spec, ProgressListener listener) {
        Objects.requireNonNull(spec, "spec");
        Instant started = clock.instant();
        CreateCall call = call(spec, listener, started, started.plus(CREATE_BOUND));
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        CompletableFuture<RunResult> result = resolve(call)
                .thenCompose(w -> {
                    if (cancelled.isDone()) {
                        // Cancelled while the workflow was being resolved: the create must not go out.
                        return CompletableFuture.failedFuture(new CancellationException());
                    }
                    return createOnce(
                            call,
                            new CreateRunRequest(
                                    w.id(),
                                    spec.target(),
                                    spec.immediate(),
                                    spec.checkConditions(),
                                    spec.context(),
                                    spec.requestId()));
                })
                .handle((run, error) -> {
                    if (error != null) {
                        return call.failed(error);
                    }
                    call.events.on(new ProgressEvent.RunCreated(run, call.workflowLabel(run)));
                    String message = "Created run " + run.id() + " of workflow " + call.workflowLabel(run)
                            + (spec.waitForCompletion() ? "" : "; not waiting for it to finish");
                    return call.created(run, message, run.status());
                });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancelled.complete(null);
            }
        });
        return result;
    }

    private CreateCall call(RunSpec spec, ProgressListener listener, Instant started, Instant bound) {
        return new CreateCall(
                spec, shielded(listener), client(spec.apiUrl(), spec.token()), clock, started, Budget.until(bound));
    }

    /** Resolves the call's workflow once, within its budget, and remembers it for the call's result. */
    private CompletableFuture<Workflow> resolve(CreateCall call) {
        return resolver.resolve(call.client, call.spec.workflow(), call.events::on, call.requests, call.budget)
                .thenApply(w -> {
                    call.resolved(w);
                    return w;
                });
    }

    /** Waits for a created run; also the way to resume a wait from a persisted ticket after a restart. */
    public CompletableFuture<RunResult> await(WaitTicket ticket, ApiToken token, ProgressListener listener) {
        return await(ticket, null, token, listener);
    }

    private CompletableFuture<RunResult> await(
            WaitTicket ticket, WorkflowRun knownRun, ApiToken token, ProgressListener listener) {
        ProgressListener events = shielded(listener);
        WaitGroup.Waiter waiter = new WaitGroup.Waiter(ticket, knownRun, events, clock, new WaitEndings(clock));
        try {
            RootlyClient client = client(ticket.apiUrl(), token);
            GroupKey key = new GroupKey(ticket.apiUrl(), token, ticket.workflowId());
            while (true) {
                WaitGroup group = groups.computeIfAbsent(
                        key,
                        k -> new WaitGroup(
                                client, k.workflowId(), scheduler, clock, retrier, g -> groups.remove(k, g)));
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
     * Rootly reported (by webhook) that {@code runId} ended: a pending wait on it polls its workflow now, in one
     * listing with any poll already due and never inside a pause Rootly asked for. Returns false, and sends nothing,
     * when no wait knows the run. The same as {@code nudge(runId, true)}.
     */
    public boolean nudge(String runId) {
        return nudge(runId, true);
    }

    /**
     * Rootly reported (by webhook) a change to {@code runId}. Only an end ({@code ended}: completed, failed,
     * canceled) makes its wait poll now; progress such as queued or started changes no outcome, so it only tells
     * the wait that webhooks reach it, which then polls at its interval as a fallback instead of ramping up. The
     * listing, never the webhook, decides the outcome. False when no wait knows the run.
     */
    public boolean nudge(String runId, boolean ended) {
        boolean known = false;
        if (runId != null) {
            // The same run may be awaited through more than one token: each of its groups lists it.
            for (WaitGroup group : groups.values()) {
                known |= group.nudge(runId, ended);
            }
        }
        return known;
    }

    /**
     * Creates the pulse and, if {@code spec.waitForTriggered()}, finds the workflow runs it triggered and waits for
     * them all (docs/contract.md, section 8). Cancelling the future stops discovery and every wait.
     */
    public CompletableFuture<PulseResult> pulse(PulseSpec spec, ProgressListener listener) {
        return pulses.pulse(spec, shielded(listener));
    }

    /**
     * Resolves the services and environments and creates the pulse, without waiting: CREATED with a
     * {@link PulseTicket} for {@link #awaitTriggered}, or a failure. An ambiguous create is reconciled through the
     * pulse's {@code request_id} ref and never repeated.
     */
    public CompletableFuture<PulseResult> createPulse(PulseSpec spec, ProgressListener listener) {
        return pulses.create(spec, shielded(listener));
    }

    /**
     * Finds the pulse a create with {@code spec.requestId()} made when its answer was lost (a Jenkins controller
     * restarted mid-create): CREATED with a ticket whose deadline counts from {@code startedAt}, or
     * REJECTED_OR_UNREACHABLE when no pulse carries the request id.
     */
    public CompletableFuture<PulseResult> adoptPulse(PulseSpec spec, Instant startedAt, ProgressListener listener) {
        return pulses.adopt(spec, startedAt, shielded(listener));
    }

    /**
     * Finds the runs a created pulse triggered and waits for them, until the ticket's deadline; also the way to
     * resume after a restart (runs found before it are found again).
     */
    public CompletableFuture<PulseResult> awaitTriggered(
            PulseTicket ticket, ApiToken token, ProgressListener listener) {
        return pulses.awaitTriggered(ticket, token, shielded(listener));
    }

    /** The client for an API URL and token, shared with the pulse flow. */
    RootlyClient clientFor(String apiUrl, ApiToken token) {
        return client(apiUrl, token);
    }

    /** Waits for one run through the coalesced wait groups; for the pulse flow. */
    CompletableFuture<RunResult> awaitRun(
            WaitTicket ticket, WorkflowRun knownRun, ApiToken token, ProgressListener listener) {
        return await(ticket, knownRun, token, listener);
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

    private CompletableFuture<WorkflowRun> createOnce(CreateCall call, CreateRunRequest request) {
        Instant attemptStart = clock.instant();
        return retrier.post(
                        call.client, () -> call.client.createRun(request), call.events::on, call.requests, call.budget)
                .exceptionallyCompose(error -> {
                    Throwable cause = Messages.unwrap(error);
                    if (cause instanceof RootlyApiException e && Reconciler.isAmbiguous(e)) {
                        String reason = Reconciler.ambiguity(e);
                        return reconciler.reconcile(call, request, attemptStart, e.requestLine(), reason);
                    }
                    if (!(cause instanceof RootlyApiException || cause instanceof OutOfTime)) {
                        // Anything else (an Error such as an out-of-memory reading the answer, a bug) may have
                        // struck after Rootly created the run: look for it rather than report a failure.
                        return reconciler.reconcile(
                                call,
                                request,
                                attemptStart,
                                "POST /v1/workflows/" + request.workflowId() + "/workflow_runs",
                                "unexpected " + Messages.describe(cause));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private RootlyClient client(String apiUrl, ApiToken token) {
        return clients.computeIfAbsent(
                new ClientKey(apiUrl, token), k -> RootlyClient.create(apiUrl, token, http, clock, userAgent));
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

        Builder random(RandomGenerator random) {
            this.random = random;
            return this;
        }

        Builder retryDelays(Duration base, Duration max) {
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
