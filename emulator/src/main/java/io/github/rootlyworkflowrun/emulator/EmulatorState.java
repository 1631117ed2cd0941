package io.github.rootlyworkflowrun.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The emulator's mutable world: runs and pulses (the ledger), active faults and rate-limit windows. Guarded by its
 * own lock.
 */
final class EmulatorState {
    private final Scenario scenario;
    private final EmulatorClock clock;
    private final List<EmulatedRun> runs = new ArrayList<>();
    private final List<EmulatedPulse> pulses = new ArrayList<>();
    private final List<ActiveFault> faults = new ArrayList<>();
    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, Integer> requestCounts = new java.util.TreeMap<>();
    private final List<Runnable> resetListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Random random;
    private int generation;

    /** A fault with the number of matching requests it still applies to (null: no limit). */
    private static final class ActiveFault {
        final Fault fault;
        Integer remaining;

        ActiveFault(Fault fault) {
            this.fault = fault;
            this.remaining = fault.times().isPresent() ? fault.times().getAsInt() : null;
        }
    }

    /** A fixed rate-limit window for one token and one kind of request. */
    private static final class Window {
        Instant start;
        int used;
    }

    /** What the rate limiter decided, with the values of the {@code X-RateLimit-*} headers. */
    record Admission(boolean allowed, int limit, int remaining, int used, Instant reset, Duration window) {}

    EmulatorState(Scenario scenario, EmulatorClock clock) {
        this.scenario = scenario;
        this.clock = clock;
        reset();
    }

    /**
     * Forgets runs, pulses, faults and rate-limit windows, then tells the listeners (outside this lock, since they
     * take their own locks and call back in).
     */
    void reset() {
        synchronized (this) {
            generation++;
            runs.clear();
            pulses.clear();
            faults.clear();
            windows.clear();
            requestCounts.clear();
            scenario.faults().forEach(f -> faults.add(new ActiveFault(f)));
            random = new Random(scenario.seed());
            clock.reset();
        }
        resetListeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after each reset. */
    void onReset(Runnable listener) {
        resetListeners.add(listener);
    }

    synchronized int generation() {
        return generation;
    }

    /** The runs made since the first {@code from}, with the reset generation they belong to. */
    record RunsSince(int generation, List<EmulatedRun> runs) {}

    synchronized RunsSince runsSince(int from) {
        return new RunsSince(
                generation, from >= runs.size() ? List.of() : List.copyOf(runs.subList(from, runs.size())));
    }

    Scenario scenario() {
        return scenario;
    }

    Instant now() {
        return clock.instant();
    }

    Optional<Scenario.WorkflowSpec> workflow(String idOrSlug) {
        return scenario.workflows().stream()
                .filter(w -> w.id().equals(idOrSlug) || w.slug().equals(idOrSlug))
                .findFirst();
    }

    Optional<Scenario.ServiceSpec> service(String id) {
        return scenario.services().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    Optional<Scenario.EnvironmentSpec> environment(String id) {
        return scenario.environments().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    synchronized EmulatedRun create(Scenario.WorkflowSpec workflow, Map<String, Object> attributes, String requestId) {
        EmulatedRun run =
                new EmulatedRun(UUID.randomUUID().toString(), workflow, clock.instant(), attributes, requestId, "user");
        runs.add(run);
        return run;
    }

    /**
     * Records a pulse (a draft without id or creation time) as created now, with a run of each pulse workflow it
     * matches, created at the workflow's start delay from now (so not listed before then).
     */
    synchronized EmulatedPulse createPulse(EmulatedPulse draft) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        EmulatedPulse matching = draft.created(id, now, List.of());
        List<String> runIds = new ArrayList<>();
        for (Scenario.WorkflowSpec w : scenario.workflows()) {
            if (w.startsFor(matching)) {
                EmulatedRun run = new EmulatedRun(
                        UUID.randomUUID().toString(),
                        w,
                        now.plus(w.startDelay()),
                        Map.of("pulse_id", id),
                        null,
                        "system");
                runs.add(run);
                runIds.add(run.id());
            }
        }
        EmulatedPulse pulse = draft.created(id, now, runIds);
        pulses.add(pulse);
        return pulse;
    }

    synchronized List<EmulatedPulse> pulses() {
        return List.copyOf(pulses);
    }

    synchronized Optional<EmulatedPulse> pulse(String id) {
        return pulses.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    /** Every run, started or not yet (a pulse's delayed runs), in the order they were made. */
    synchronized List<EmulatedRun> runs() {
        return List.copyOf(runs);
    }

    /** The runs that exist at {@code now}, oldest first: the ledger. */
    synchronized List<EmulatedRun> runsStartedBy(Instant now) {
        return runs.stream()
                .filter(r -> r.startedBy(now))
                .sorted(java.util.Comparator.comparing(EmulatedRun::createdAt))
                .toList();
    }

    /** A workflow's runs by creation time, oldest first (a pulse's delayed run is created after its pulse). */
    synchronized List<EmulatedRun> runsOf(Scenario.WorkflowSpec workflow) {
        return runs.stream()
                .filter(r -> r.workflow().id().equals(workflow.id()))
                .sorted(java.util.Comparator.comparing(EmulatedRun::createdAt))
                .toList();
    }

    synchronized void addFault(Fault fault) {
        faults.add(new ActiveFault(fault));
    }

    synchronized void clearFaults() {
        faults.clear();
    }

    synchronized List<Fault> faults() {
        return faults.stream().map(f -> f.fault).toList();
    }

    synchronized void countRequest(String route) {
        requestCounts.merge(route, 1, Integer::sum);
    }

    synchronized Map<String, Integer> requestCounts() {
        return Map.copyOf(requestCounts);
    }

    /** The first active fault matching the route that fires this time; counts it down. */
    synchronized Optional<Fault> takeFault(Route route) {
        for (Iterator<ActiveFault> it = faults.iterator(); it.hasNext(); ) {
            ActiveFault f = it.next();
            if (!f.fault.appliesTo(route)) {
                continue;
            }
            if (f.fault.rate() < 1 && random.nextDouble() >= f.fault.rate()) {
                continue;
            }
            if (f.remaining != null && --f.remaining <= 0) {
                it.remove();
            }
            return Optional.of(f.fault);
        }
        return Optional.empty();
    }

    /** Counts one request of {@code kind} (read or write) against the token's window. */
    synchronized Admission admit(String token, String kind) {
        Scenario.RateLimitSpec spec = scenario.rateLimit();
        Duration length = Durations.parse(spec.window());
        Instant now = clock.instant();
        Window w = windows.computeIfAbsent(token + " " + kind, k -> new Window());
        if (w.start == null || !now.isBefore(w.start.plus(length))) {
            w.start = now;
            w.used = 0;
        }
        boolean allowed = w.used < spec.limit();
        if (allowed) {
            w.used++;
        }
        return new Admission(
                allowed, spec.limit(), Math.max(0, spec.limit() - w.used), w.used, w.start.plus(length), length);
    }
}
