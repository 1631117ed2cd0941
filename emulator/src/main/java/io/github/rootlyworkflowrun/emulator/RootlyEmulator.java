package io.github.rootlyworkflowrun.emulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final WebhookSender webhooks;

    private RootlyEmulator(Builder b) throws IOException {
        this.clock = new EmulatorClock(b.clock);
        this.state = new EmulatorState(b.scenario, clock);
        Dispatcher dispatcher = b.dispatcher.apply(new EmulatedApi(state));
        if (dispatcher == null) {
            throw new IllegalArgumentException("the dispatcher function returned null");
        }
        this.webhooks = webhookSender(b, state, clock);
        try {
            this.server = HttpServer.create(new InetSocketAddress(b.bindAddress, b.port), 64);
        } catch (IOException | RuntimeException e) {
            if (webhooks != null) {
                webhooks.close();
            }
            throw e;
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "rootly-emulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(
                "/", new ApiHandler(state, b.tokens.isEmpty() ? Set.of(DEFAULT_TOKEN) : b.tokens, dispatcher));
        server.createContext("/_emulator/", new ControlHandler(state, clock, webhooks));
        server.start();
        if (webhooks != null) {
            webhooks.start();
        }
    }

    /** The sender the builder or the scenario asks for, or null when no webhook URL is set. */
    private static WebhookSender webhookSender(Builder b, EmulatorState state, EmulatorClock clock) {
        Scenario.WebhookSpec spec = b.scenario.webhook();
        URI url = b.webhookUrl != null ? b.webhookUrl : spec.url() == null ? null : webhookUri(spec.url());
        if (url == null) {
            if (b.webhookSecret != null) {
                throw new IllegalArgumentException("a webhook secret needs a webhook URL to sign for");
            }
            return null;
        }
        byte[] secret = b.webhookSecret;
        if (secret == null) {
            if (spec.secretFile() == null) {
                throw new IllegalArgumentException("webhook URL " + url
                        + " needs a secret: webhook.secretFile in the scenario, or" + " --webhook-secret-file");
            }
            secret = readSecret(Path.of(spec.secretFile()));
        }
        return new WebhookSender(
                state, clock, url, secret, spec.completedWithErrors().equals("completed"), spec.faults());
    }

    /** A webhook target: an absolute http or https URL with a host. */
    static URI webhookUri(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("webhook URL '" + url + "' is not a URL: " + e.getReason());
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(
                    "webhook URL '" + url + "' must be an absolute http:// or https:// URL with a host");
        }
        return uri;
    }

    /**
     * The webhook secret in a file: its content without surrounding white space (a trailing newline). Errors name
     * the file, never what is in it.
     */
    static byte[] readSecret(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("webhook secret file " + file + " does not exist");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new IllegalArgumentException("cannot read webhook secret file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        String secret = text.strip();
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret file " + file + " is empty");
        }
        return secret.getBytes(StandardCharsets.UTF_8);
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

    /**
     * Forgets runs, pulses, faults, rate-limit windows, clock changes and the webhook log, and returns to the
     * scenario's own faults and webhook faults.
     */
    public void reset() {
        state.reset();
    }

    /** The id of a scenario workflow, by slug. */
    public String workflowId(String slug) {
        return state.workflow(slug)
                .orElseThrow(() -> new IllegalArgumentException("no workflow " + slug))
                .id();
    }

    /** Adds a webhook fault, as {@code POST /_emulator/webhooks/faults} does; needs webhooks to be on. */
    public void injectWebhookFault(WebhookFault fault) {
        requireWebhooks().addFaults(List.of(fault));
    }

    /** Clears the webhook faults, as {@code DELETE /_emulator/webhooks/faults} does. */
    public void clearWebhookFaults() {
        requireWebhooks().clearFaults();
    }

    /** Where webhooks go; empty when they are off. */
    public java.util.Optional<URI> webhookUrl() {
        return webhooks == null ? java.util.Optional.empty() : java.util.Optional.of(webhooks.url());
    }

    /**
     * The webhook delivery log since start or reset, oldest first: one entry per POST made (a duplicate makes two),
     * dropped event or refused send; empty when webhooks are off.
     */
    public List<WebhookDelivery> webhookDeliveries() {
        return webhooks == null ? List.of() : webhooks.deliveries();
    }

    /**
     * Waits until the delivery log has at least {@code count} entries since start or reset, for at most {@code
     * timeout}; false if it does not. Deliveries are asynchronous, so tests wait on this rather than sleep.
     */
    public boolean awaitWebhookDeliveries(int count, Duration timeout) throws InterruptedException {
        return requireWebhooks().await(count, timeout);
    }

    private WebhookSender requireWebhooks() {
        if (webhooks == null) {
            throw new IllegalStateException("webhooks are off: give a URL and secret with Builder.webhook, the"
                    + " scenario's webhook key, or --webhook-url and --webhook-secret-file");
        }
        return webhooks;
    }

    @Override
    public void close() {
        if (webhooks != null) {
            webhooks.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * One webhook delivery as the log records it: the event, the run it is about, the faults applied (e.g. {@code
     * drop}, {@code delay 2000ms}), which copy (2 for the second of a duplicate), the signed timestamp {@code t}
     * (null when nothing was sent), and the receiver's HTTP status or, if none, what went wrong.
     */
    public record WebhookDelivery(
            String eventId,
            String type,
            String runId,
            String workflowId,
            String status,
            List<String> faults,
            int copy,
            Long timestamp,
            Integer httpStatus,
            String error) {}

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
        private URI webhookUrl;
        private byte[] webhookSecret;

        private Builder() {}

        /**
         * Sends Rootly's signed {@code genius_workflow_run.*} webhooks to {@code url}, signed with {@code secret};
         * overrides the scenario's URL and secret file, and keeps its other webhook settings.
         */
        public Builder webhook(URI url, String secret) {
            this.webhookUrl = webhookUri(url.toString());
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("a webhook secret must not be empty");
            }
            this.webhookSecret = secret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

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
