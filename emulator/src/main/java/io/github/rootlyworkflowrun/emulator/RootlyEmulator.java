package io.github.rootlyworkflowrun.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An emulator of the Rootly workflow-runs API on a real HTTP socket. Embed it in tests or the demo, or run it from
 * its jar; {@link #ledger()} lists every run ever created, so a test can prove exactly one (or none) was made.
 */
public final class RootlyEmulator implements AutoCloseable {
    static {
        // The JDK server writes headers and body in separate segments; without TCP_NODELAY each answer waits on
        // the client's delayed ACK (about 40 ms). Read once, when the server implementation first loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** The token accepted when none is configured. */
    public static final String DEFAULT_TOKEN = "rootly-emulator-token";

    private final HttpServer server;
    private final ExecutorService executor;
    private final EmulatorState state;
    private final EmulatorClock clock;

    private RootlyEmulator(Builder b) throws IOException {
        this.clock = new EmulatorClock(b.clock);
        this.state = new EmulatorState(b.scenario, clock);
        Dispatcher dispatcher = b.dispatcher.apply(new EmulatedApi(state));
        if (dispatcher == null) {
            throw new IllegalArgumentException("the dispatcher function returned null");
        }
        this.server = HttpServer.create(new InetSocketAddress(b.bindAddress, b.port), 64);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rootly-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(
                "/", new ApiHandler(state, b.tokens.isEmpty() ? Set.of(DEFAULT_TOKEN) : b.tokens, dispatcher));
        server.createContext("/_emulator/", new ControlHandler(state, clock));
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The base URL clients use as their API URL, e.g. {@code http://127.0.0.1:43121}. */
    public String baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public Scenario scenario() {
        return state.scenario();
    }

    /**
     * Every run created since start or the last reset, oldest first: by the API and by pulses. A run a pulse starts
     * after a delay is in it from when it starts.
     */
    public List<LedgerEntry> ledger() {
        Instant now = clock.instant();
        return state.runsStartedBy(now).stream()
                .map(r -> new LedgerEntry(
                        r.id(),
                        r.workflow().id(),
                        r.workflow().slug(),
                        r.createdAt(),
                        r.requestId(),
                        r.at(now).step().status(),
                        r.pulseId()))
                .toList();
    }

    /** Every pulse created since start or the last reset, oldest first, with the runs each has started so far. */
    public List<PulseEntry> pulses() {
        Instant now = clock.instant();
        java.util.Map<String, EmulatedRun> runs = new java.util.HashMap<>();
        state.runs().forEach(r -> runs.put(r.id(), r));
        return state.pulses().stream()
                .map(p -> new PulseEntry(
                        p.id(),
                        p.summary(),
                        p.source(),
                        p.labels(),
                        p.refs(),
                        p.createdAt(),
                        p.runIds().stream()
                                .filter(id -> runs.get(id).startedBy(now))
                                .toList()))
                .toList();
    }

    /** API requests received since start or reset, by {@link Route#key()} ({@code unknown} for other paths). */
    public java.util.Map<String, Integer> requestCounts() {
        return state.requestCounts();
    }

    /** Adds a fault, as {@code POST /_emulator/faults} does. */
    public void inject(Fault fault) {
        state.addFault(fault);
    }

    /** Moves the emulator's clock, as {@code POST /_emulator/clock} does. */
    public void advanceClock(Duration by) {
        clock.advance(by);
    }

    /** Forgets runs, faults and rate-limit windows, and returns to the scenario's own faults. */
    public void reset() {
        state.reset();
    }

    /** The id of a scenario workflow, by slug. */
    public String workflowId(String slug) {
        return state.workflow(slug)
                .orElseThrow(() -> new IllegalArgumentException("no workflow " + slug))
                .id();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One created run, as the ledger records it; {@code pulseId} is null unless it was made for a pulse. */
    public record LedgerEntry(
            String id,
            String workflowId,
            String workflowSlug,
            Instant createdAt,
            String requestId,
            String status,
            String pulseId) {}

    /** One created pulse, as the ledger records it, with the ids of the runs it has started so far. */
    public record PulseEntry(
            String id,
            String summary,
            String source,
            List<KeyValue> labels,
            List<KeyValue> refs,
            Instant createdAt,
            List<String> runIds) {}

    /** One of a pulse's labels or refs. */
    public record KeyValue(String key, String value) {}

    /** Configures an emulator; defaults: the built-in scenario, a free loopback port, the default token, real time. */
    public static final class Builder {
        private Scenario scenario = Scenario.defaults();
        private final Set<String> tokens = new LinkedHashSet<>();
        private Clock clock = Clock.systemUTC();
        private int port;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private UnaryOperator<Dispatcher> dispatcher = UnaryOperator.identity();

        private Builder() {}

        /**
         * Answers requests with the dispatcher {@code around} returns; it is handed the emulated API, to delegate the
         * requests it does not answer itself. For example, to stage a list whose next link points back at itself:
         *
         * <pre>{@code
         * .dispatcher(api -> request -> request.route().equals(Optional.of(Route.LIST_RUNS))
         *         ? Answer.json(200, loopingPage)
         *         : api.dispatch(request))
         * }</pre>
         */
        public Builder dispatcher(UnaryOperator<Dispatcher> around) {
            this.dispatcher = java.util.Objects.requireNonNull(around, "around");
            return this;
        }

        public Builder scenario(Scenario scenario) {
            this.scenario = scenario;
            return this;
        }

        /** A token the emulator accepts; may be called more than once. */
        public Builder token(String token) {
            tokens.add(token);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** The port to listen on; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        public RootlyEmulator start() {
            try {
                return new RootlyEmulator(this);
            } catch (IOException e) {
                throw new UncheckedIOException("could not listen on port " + port + ": " + e.getMessage(), e);
            }
        }
    }
}
