package io.github.rootlyworkflowrun.engine;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.CreatePulseRequest;
import io.github.rootlyworkflowrun.api.KeyValue;
import io.github.rootlyworkflowrun.api.Pulse;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates pulses for {@link RunEngine} (contract section 8): services and environments resolved first, then one
 * create that is never sent twice, its ambiguous answers reconciled through the pulse's {@code request_id} ref; then,
 * if asked, {@link PulseDiscovery} finds and awaits the runs the pulse triggered.
 */
final class PulseFlow {
    private final RunEngine engine;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Retrier retrier;
    private final CatalogResolver catalog;

    PulseFlow(RunEngine engine, Scheduler scheduler, Clock clock, Retrier retrier) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.clock = clock;
        this.retrier = retrier;
        this.catalog = new CatalogResolver(retrier);
    }

    /** Creates the pulse, then, if the spec says so, waits for what it triggered; cancel reaches the stage in flight. */
    CompletableFuture<PulseResult> pulse(PulseSpec spec, ProgressListener events) {
        return CreateThenWait.chain(
                create(spec, events),
                created -> created.outcome() == Outcome.CREATED && spec.waitForTriggered()
                        ? awaitTriggered(created.ticket(), spec.token(), events)
                        : null);
    }

    CompletableFuture<PulseResult> create(PulseSpec spec, ProgressListener events) {
        Instant started = clock.instant();
        Call call = new Call(spec, events, engine.clientFor(spec.apiUrl(), spec.token()), started);
        Budget budget = Budget.until(started.plus(RunEngine.CREATE_BOUND));
        CompletableFuture<Void> cancelled = new CompletableFuture<>();
        CompletableFuture<PulseResult> result = catalog.resolveAll(
                        call.client, CatalogResolver.Kind.SERVICES, spec.services(), events::on, call.requests, budget)
                .thenCompose(serviceIds -> catalog.resolveAll(
                                call.client,
                                CatalogResolver.Kind.ENVIRONMENTS,
                                spec.environments(),
                                events::on,
                                call.requests,
                                budget)
                        .thenCompose(environmentIds -> {
                            if (cancelled.isDone()) {
                                // Cancelled while resolving: the create must not go out.
                                return CompletableFuture.failedFuture(new CancellationException());
                            }
                            return createOnce(
                                    call,
                                    new CreatePulseRequest(
                                            spec.summary(),
                                            spec.source(),
                                            serviceIds,
                                            environmentIds,
                                            spec.labels(),
                                            spec.refs(),
                                            spec.externalUrl(),
                                            spec.startedAt() != null ? spec.startedAt() : started,
                                            spec.endedAt(),
                                            spec.data()),
                                    budget);
                        }))
                .handle((pulse, error) -> {
                    if (error != null) {
                        return call.failed(error);
                    }
                    events.on(new ProgressEvent.PulseCreated(pulse));
                    return call.created(
                            pulse,
                            "Created pulse " + pulse.id()
                                    + (spec.waitForTriggered() ? "" : "; not waiting for the workflows it triggers"));
                });
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                cancelled.complete(null);
            }
        });
        return result;
    }

    CompletableFuture<PulseResult> adopt(PulseSpec spec, Instant startedAt, ProgressListener events) {
        Call call = new Call(spec, events, engine.clientFor(spec.apiUrl(), spec.token()), startedAt);
        events.on(new ProgressEvent.PulseReconciling(spec.requestId(), "the create's answer was lost"));
        Budget budget = Budget.until(clock.instant().plus(Reconciler.BOUND));
        return find(call, startedAt.minus(Reconciler.WINDOW), budget).handle((pulse, error) -> {
            if (error != null) {
                return call.failed(error);
            }
            if (pulse == null) {
                return call.failed(new RunFailure(
                        Outcome.REJECTED_OR_UNREACHABLE,
                        "No pulse carries ref " + PulseSpec.REQUEST_ID_REF + "=" + spec.requestId()
                                + ", so the create never reached Rootly; run the step again."));
            }
            events.on(new ProgressEvent.PulseReconciled(pulse.id()));
            return call.created(
                    pulse,
                    "Found pulse " + pulse.id() + " by its ref " + PulseSpec.REQUEST_ID_REF + "=" + spec.requestId());
        });
    }

    CompletableFuture<PulseResult> awaitTriggered(PulseTicket ticket, ApiToken token, ProgressListener events) {
        PulseDiscovery discovery = new PulseDiscovery(
                engine, engine.clientFor(ticket.apiUrl(), token), token, ticket, events, scheduler, clock, retrier);
        return discovery.start();
    }

    private CompletableFuture<Pulse> createOnce(Call call, CreatePulseRequest request, Budget budget) {
        Instant attemptStart = clock.instant();
        return retrier.post(call.client, () -> call.client.createPulse(request), call.events::on, call.requests, budget)
                .exceptionallyCompose(error -> {
                    Throwable cause = Messages.unwrap(error);
                    if (cause instanceof RootlyApiException e && Reconciler.isAmbiguous(e)) {
                        String reason = Reconciler.ambiguity(e);
                        return reconcile(call, attemptStart, e.requestLine(), reason);
                    }
                    if (!(cause instanceof RootlyApiException || cause instanceof OutOfTime)) {
                        // Anything else may have struck after Rootly created the pulse: look for it instead.
                        return reconcile(
                                call,
                                attemptStart,
                                "POST " + call.client.apiUrl() + "v1/pulses",
                                "unexpected " + Messages.describe(cause));
                    }
                    return CompletableFuture.failedFuture(cause);
                });
    }

    private CompletableFuture<Pulse> reconcile(Call call, Instant attemptStart, String requestLine, String reason) {
        String rid = call.spec.requestId();
        String unclear =
                "Outcome unknown: the pulse create request " + requestLine + " got no clear answer (" + reason + ")";
        call.events.on(new ProgressEvent.PulseReconciling(rid, reason));
        Budget budget = Budget.until(clock.instant().plus(Reconciler.BOUND));
        return find(call, attemptStart.minus(Reconciler.WINDOW), budget).handle((pulse, error) -> {
            if (error != null) {
                throw new RunFailure(
                        Outcome.REJECTED_OR_UNREACHABLE,
                        unclear + ", and the search for a pulse with ref " + PulseSpec.REQUEST_ID_REF + "=" + rid
                                + " failed too (" + Messages.describe(Messages.unwrap(error))
                                + "). Check Rootly's pulses before trying again.");
            }
            if (pulse == null) {
                throw new RunFailure(
                        Outcome.REJECTED_OR_UNREACHABLE,
                        unclear + " and no pulse carries ref " + PulseSpec.REQUEST_ID_REF + "=" + rid
                                + ". Check Rootly's pulses before trying again.");
            }
            call.events.on(new ProgressEvent.PulseReconciled(pulse.id()));
            return pulse;
        });
    }

    /**
     * The pulse created since {@code since} with our request id, or null, searched with the pauses of
     * {@link Reconciler#SEARCHES}. Each search lists with {@code filter[refs]} first and, if that finds nothing, once
     * more without it: the spec leaves the filter's format open, and a server that reads it differently must not
     * hide our pulse. The refs are always checked here.
     */
    private CompletableFuture<Pulse> find(Call call, Instant since, Budget budget) {
        KeyValue ref = new KeyValue(PulseSpec.REQUEST_ID_REF, call.spec.requestId());
        return Reconciler.searchRepeatedly(
                scheduler,
                pause -> call.events.on(new ProgressEvent.PulseSearchingAgain(call.spec.requestId(), pause)),
                () -> page(call, ref, since, 1, budget)
                        .thenCompose(found -> found != null
                                ? CompletableFuture.completedFuture(found)
                                : page(call, null, since, 1, budget)));
    }

    private CompletableFuture<Pulse> page(Call call, KeyValue ref, Instant since, int number, Budget budget) {
        return retrier.get(
                        call.client,
                        left -> call.client.listPulses(ref, since, number, WaitGroup.PAGE_SIZE, left),
                        call.events::on,
                        call.requests,
                        budget)
                .thenCompose(page -> {
                    for (Pulse p : page.items()) {
                        if (call.spec.requestId().equals(p.ref(PulseSpec.REQUEST_ID_REF))) {
                            return CompletableFuture.completedFuture(p);
                        }
                    }
                    Integer next = page.hasNext() ? page.nextPage() : null;
                    return next == null || next <= number || number >= PageCursor.MAX_PAGES
                            ? CompletableFuture.completedFuture(null)
                            : page(call, ref, since, next, budget);
                });
    }

    /** One create or adoption in flight: what it was asked, whom it tells, and how it words its ending. */
    private final class Call {
        final PulseSpec spec;
        final ProgressListener events;
        final RootlyClient client;
        final Instant started;
        final AtomicInteger requests = new AtomicInteger();

        Call(PulseSpec spec, ProgressListener events, RootlyClient client, Instant started) {
            this.spec = spec;
            this.events = events;
            this.client = client;
            this.started = started;
        }

        PulseResult created(Pulse pulse, String message) {
            String summary = pulse.summary() != null ? pulse.summary() : spec.summary();
            String source = pulse.source() != null ? pulse.source() : spec.source();
            PulseTicket ticket = new PulseTicket(
                    spec.apiUrl(),
                    spec.tokenSource(),
                    pulse.id(),
                    summary,
                    source,
                    spec.requestId(),
                    pulse.createdAtInstant(),
                    started,
                    started.plus(spec.timeout()),
                    spec.settle(),
                    spec.pollInterval(),
                    spec.completedWithErrors(),
                    requests.get());
            return new PulseResult(
                    Outcome.CREATED,
                    message,
                    pulse.id(),
                    summary,
                    source,
                    List.of(),
                    elapsed(),
                    requests.get(),
                    spec.completedWithErrors(),
                    ticket);
        }

        PulseResult failed(Throwable error) {
            RunFailure f = failure(Messages.unwrap(error), spec);
            return new PulseResult(
                    f.outcome(),
                    f.getMessage(),
                    null,
                    spec.summary(),
                    spec.source(),
                    List.of(),
                    elapsed(),
                    requests.get(),
                    spec.completedWithErrors(),
                    null);
        }

        private Duration elapsed() {
            return Duration.between(started, clock.instant());
        }
    }

    /** A failure before any pulse exists, as an outcome of docs/contract.md and a message that says what to do. */
    static RunFailure failure(Throwable error, PulseSpec spec) {
        if (error instanceof RunFailure f) {
            return f;
        }
        if (error instanceof OutOfTime late) {
            return new RunFailure(
                    Outcome.REJECTED_OR_UNREACHABLE,
                    (late.requestLine() != null ? late.requestLine() + ": " : "")
                            + late.reason().replaceFirst("\\.$", "")
                            + ". The next attempt would be in "
                            + Durations.format(late.asked().plusMillis(999))
                            + ", past the " + Durations.format(RunEngine.CREATE_BOUND)
                            + " allowed for creating a pulse, so no pulse was created. Try again later, or raise the"
                            + " API key's rate limits.");
        }
        if (error instanceof RootlyApiException e) {
            String next =
                    switch (e.kind() == RootlyApiException.Kind.HTTP ? e.status() : -1) {
                        case 401 -> "Rootly rejected the API token; check the API token in " + spec.tokenSource() + ".";
                        case 403 -> "The API token may not do this; use a token whose role may create pulses and"
                                + " list services, environments and workflows (" + spec.tokenSource() + ").";
                        case 404 -> "Rootly has no such endpoint or resource for this token; check the API URL "
                                + spec.apiUrl() + " and the token's team.";
                        case 415 -> "Rootly refused the request's content type; please report this as a bug.";
                        case 422 -> "Rootly did not create the pulse; fix what its message says.";
                        case 429 -> "Rootly kept rate-limiting the request; try again later or raise your API limits.";
                        default -> e.kind() != RootlyApiException.Kind.HTTP
                                ? "Could not reach Rootly at " + spec.apiUrl()
                                        + "; check the URL, DNS, proxy and network."
                                : e.status() / 100 == 3
                                        ? "Check the API URL: " + spec.apiUrl() + " is not the API's address."
                                        : e.status() / 100 == 4 && e.status() != 408
                                                ? "Rootly refused the request and created no pulse; fix what its"
                                                        + " message says before trying again."
                                                : "Rootly kept failing, and no pulse was created; try again later.";
                    };
            return new RunFailure(Outcome.REJECTED_OR_UNREACHABLE, e.getMessage() + ". " + next);
        }
        return new RunFailure(
                Outcome.REJECTED_OR_UNREACHABLE,
                "Unexpected " + Messages.describe(error) + " while creating a pulse; please report it. Check Rootly's"
                        + " pulses before trying again.");
    }
}
