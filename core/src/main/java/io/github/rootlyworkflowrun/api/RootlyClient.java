package io.github.rootlyworkflowrun.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Proxy;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Handshake;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.AsyncTimeout;

/**
 * A client for the workflow-runs subset of the Rootly API. Each method is exactly one HTTP exchange: retries,
 * backoff and reconciliation belong to the run engine, which knows whether a request is safe to repeat.
 */
public final class RootlyClient {
    /** The public Rootly API. */
    public static final String DEFAULT_API_URL = "https://api.rootly.com";

    /**
     * Longest wait for one HTTP answer unless the caller's client says otherwise; a whole exchange may take twice
     * that. The CLI's {@code --request-timeout} defaults to it.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static final MediaType JSON_API = MediaType.get("application/vnd.api+json");
    private static final int MAX_ERROR_BODY = 64 * 1024;

    /**
     * How long an idle connection is kept. Shorter than the shortest idle timeouts servers commonly use (5 s in
     * Node.js and Apache; nginx 75 s, AWS load balancers 60 s), so a pooled connection is closed by us before the
     * server closes it under us. Waits poll every few seconds at most, so little reuse is lost.
     */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(4);

    private static final int MAX_IDLE_CONNECTIONS = 5;

    /**
     * The longest a TLS handshake may take. A server that does not speak TLS often just waits for more of what it
     * takes for a request line, so without this bound an https URL for a plain port costs a full read timeout per
     * attempt. A real handshake takes a round trip or two after the connection (and any proxy tunnel) is up: well
     * under a second, a few on a congested satellite link.
     */
    static final Duration MAX_HANDSHAKE = Duration.ofSeconds(5);

    private final HttpUrl baseUrl;
    private final ApiToken token;
    private final ConnectionPool pool;
    private final OkHttpClient http;
    private final Duration handshakeTimeout;
    private final Clock clock;
    private final String userAgent;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<RateLimit> lastRateLimit = new AtomicReference<>(RateLimit.NONE);
    private final Set<String> warnedHeaders = ConcurrentHashMap.newKeySet();
    private final Queue<String> warnings = new ConcurrentLinkedQueue<>();

    private RootlyClient(HttpUrl baseUrl, ApiToken token, OkHttpClient http, Clock clock, String userAgent) {
        this.baseUrl = baseUrl;
        this.token = token;
        // No transparent retries: OkHttp would otherwise resend a POST whose body it had already sent, on a stale
        // connection or after a reset. Stale connections are handled here instead (see execute). No redirects either:
        // a followed 301/302 turns the create POST into a GET, and the API never redirects a correct URL. The pool is
        // this client's own, whatever the caller's client had: its keep-alive is part of the HTTP discipline.
        this.pool = new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
        this.http = http.newBuilder()
                .connectionPool(pool)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .eventListenerFactory(SendTracker.FACTORY)
                .build();
        int readTimeout = this.http.readTimeoutMillis();
        this.handshakeTimeout = readTimeout > 0 && readTimeout < MAX_HANDSHAKE.toMillis()
                ? Duration.ofMillis(readTimeout)
                : MAX_HANDSHAKE;
        this.clock = clock;
        this.userAgent = userAgent;
    }

    /**
     * A client for {@code apiUrl}. The URL is checked by the engine's validation before this is called; here
     * it only needs to parse.
     */
    public static RootlyClient create(String apiUrl, ApiToken token, OkHttpClient http, Clock clock, String userAgent) {
        HttpUrl url = HttpUrl.parse(Objects.requireNonNull(apiUrl, "apiUrl"));
        if (url == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + apiUrl);
        }
        return new RootlyClient(
                url, Objects.requireNonNull(token, "token"), http, clock, Objects.requireNonNull(userAgent));
    }

    /** A client builder with the timeouts this tool uses; callers such as Jenkins pass their own builder instead. */
    public static OkHttpClient.Builder defaultHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(10))
                .readTimeout(DEFAULT_REQUEST_TIMEOUT)
                .writeTimeout(DEFAULT_REQUEST_TIMEOUT)
                .callTimeout(DEFAULT_REQUEST_TIMEOUT.multipliedBy(2));
    }

    /** This library's version, for User-Agent headers and {@code --version}. */
    public static String version() {
        try (InputStream in =
                RootlyClient.class.getResourceAsStream("/io/github/rootlyworkflowrun/version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** {@code POST /v1/workflows/{id}/workflow_runs}: creates one run. Never retried here. */
    public WorkflowRun createRun(CreateRunRequest request) {
        HttpUrl url = workflowUrl(request.workflowId())
                .addPathSegment("workflow_runs")
                .build();
        RequestBody body = RequestBody.create(JsonApi.createRunBody(request), JSON_API);
        return execute(request("POST", url, body), JsonApi::run);
    }

    /** {@code GET /v1/workflows/{id}/workflow_runs} filtered to runs created at or after {@code createdAtGte}. */
    public Page<WorkflowRun> listRuns(String workflowId, Instant createdAtGte, int pageNumber, int pageSize) {
        return listRuns(workflowId, createdAtGte, pageNumber, pageSize, null);
    }

    /**
     * As {@link #listRuns(String, Instant, int, int)}, ending within {@code within} (null: the client's own
     * timeouts), so that a server that never answers cannot hold a wait past its deadline.
     */
    public Page<WorkflowRun> listRuns(
            String workflowId, Instant createdAtGte, int pageNumber, int pageSize, Duration within) {
        HttpUrl.Builder url = workflowUrl(workflowId).addPathSegment("workflow_runs");
        if (createdAtGte != null) {
            url.addQueryParameter("filter[created_at][gte]", Timestamps.format(createdAtGte));
        }
        url.addQueryParameter("page[number]", Integer.toString(pageNumber))
                .addQueryParameter("page[size]", Integer.toString(pageSize));
        return execute(request("GET", url.build(), null), JsonApi::runs, within);
    }

    /** {@code GET /v1/workflows?filter[<field>]=value}; field is {@code slug} or {@code name}. */
    public Page<Workflow> listWorkflows(String filterField, String value, int pageNumber, int pageSize) {
        return listWorkflows(filterField, value, pageNumber, pageSize, null);
    }

    /**
     * As {@link #listWorkflows(String, String, int, int)}, ending within {@code within} (null: the client's own
     * timeouts); a null {@code filterField} lists every workflow, as pulse discovery needs.
     */
    public Page<Workflow> listWorkflows(
            String filterField, String value, int pageNumber, int pageSize, Duration within) {
        return execute(
                request("GET", listUrl("v1/workflows", filterField, value, pageNumber, pageSize), null),
                JsonApi::workflows,
                within);
    }

    /**
     * {@code POST /v1/pulses}: records one pulse. Never retried here: a pulse create is not idempotent, so an
     * ambiguous answer is reconciled by the engine through the pulse's {@code request_id} ref.
     */
    public Pulse createPulse(CreatePulseRequest request) {
        HttpUrl url = baseUrl.newBuilder().addPathSegments("v1/pulses").build();
        RequestBody body = RequestBody.create(JsonApi.createPulseBody(request), JSON_API);
        return execute(request("POST", url, body), JsonApi::pulse);
    }

    /**
     * {@code GET /v1/pulses}, optionally filtered by one ref ({@code filter[refs]=key:value}, the form the emulator
     * reads; the spec types the filter as a plain string, so Rootly may match it loosely or not at all: callers check
     * the refs they get) and by creation time ({@code filter[created_at][gte]}); ends within {@code within} (null:
     * the client's own timeouts).
     */
    public Page<Pulse> listPulses(KeyValue ref, Instant createdAtGte, int pageNumber, int pageSize, Duration within) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("v1/pulses");
        if (ref != null) {
            url.addQueryParameter("filter[refs]", ref.key() + ":" + ref.value());
        }
        if (createdAtGte != null) {
            url.addQueryParameter("filter[created_at][gte]", Timestamps.format(createdAtGte));
        }
        url.addQueryParameter("page[number]", Integer.toString(pageNumber))
                .addQueryParameter("page[size]", Integer.toString(pageSize));
        return execute(request("GET", url.build(), null), JsonApi::pulses, within);
    }

    /**
     * {@code GET /v1/services?filter[<field>]=value}; field is {@code slug}, {@code name} or {@code search} (null: no
     * filter). Ends within {@code within} (null: the client's own timeouts).
     */
    public Page<CatalogEntry> listServices(
            String filterField, String value, int pageNumber, int pageSize, Duration within) {
        return execute(
                request("GET", listUrl("v1/services", filterField, value, pageNumber, pageSize), null),
                JsonApi::catalog,
                within);
    }

    /** {@code GET /v1/environments?filter[<field>]=value}, as {@link #listServices}. */
    public Page<CatalogEntry> listEnvironments(
            String filterField, String value, int pageNumber, int pageSize, Duration within) {
        return execute(
                request("GET", listUrl("v1/environments", filterField, value, pageNumber, pageSize), null),
                JsonApi::catalog,
                within);
    }

    private HttpUrl listUrl(String path, String filterField, String value, int pageNumber, int pageSize) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments(path);
        if (filterField != null) {
            url.addQueryParameter("filter[" + filterField + "]", value);
        }
        return url.addQueryParameter("page[number]", Integer.toString(pageNumber))
                .addQueryParameter("page[size]", Integer.toString(pageSize))
                .build();
    }

    /** {@code GET /v1/workflows/{id-or-slug}}. */
    Workflow getWorkflow(String idOrSlug) {
        return execute(request("GET", workflowUrl(idOrSlug).build(), null), JsonApi::workflow);
    }

    /** HTTP exchanges attempted so far by this client, failed ones included. */
    public int requestCount() {
        return requests.get();
    }

    /** The rate-limit headers of the latest response. */
    public RateLimit lastRateLimit() {
        return lastRateLimit.get();
    }

    public String apiUrl() {
        return baseUrl.toString();
    }

    private HttpUrl.Builder workflowUrl(String workflowId) {
        return baseUrl.newBuilder().addPathSegments("v1/workflows").addPathSegment(workflowId);
    }

    private Request request(String method, HttpUrl url, RequestBody body) {
        return new Request.Builder()
                .url(url)
                .method(method, body)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Accept", JSON_API.toString())
                .header("User-Agent", userAgent)
                .build();
    }

    private <T> T execute(Request request, Function<String, T> parse) {
        return execute(request, parse, null);
    }

    private <T> T execute(Request request, Function<String, T> parse, Duration within) {
        String line = request.method() + " " + redactedUrl(request.url());
        requests.incrementAndGet();
        boolean idempotent = request.method().equals("GET");
        if (!idempotent) {
            // A request written into a connection the server has closed while it sat idle fails only after it may
            // have been sent, which would make the create ambiguous. So the create never uses an idle pooled
            // connection: it costs one handshake per run created, and the create is never sent twice.
            pool.evictAll();
        }
        SendTracker tracker = new SendTracker(handshakeTimeout);
        try {
            return exchange(request, tracker, line, parse, within);
        } catch (IOException e) {
            if (!idempotent || !tracker.failedOnStaleConnection(e)) {
                throw transportFailure(e, tracker, line);
            }
        }
        // The server closed this pooled connection while it was idle. A GET is safe to repeat and no answer came,
        // so it goes again at once on a fresh connection, without backoff or log: nothing went wrong but a
        // connection's age. Idle connections of the same age are just as dead, so they go too.
        pool.evictAll();
        SendTracker fresh = new SendTracker(handshakeTimeout);
        try {
            return exchange(request, fresh, line, parse, within);
        } catch (IOException e) {
            throw transportFailure(e, fresh, line);
        }
    }

    private <T> T exchange(
            Request request, SendTracker tracker, String line, Function<String, T> parse, Duration within)
            throws IOException {
        Request tracked = request.newBuilder().tag(SendTracker.class, tracker).build();
        Call call = http.newCall(tracked);
        if (within != null) {
            // Replaces the client's call timeout for this call only, so keep the shorter of the two.
            long millis = Math.max(1, within.toMillis());
            int own = http.callTimeoutMillis();
            call.timeout().timeout(own > 0 ? Math.min(own, millis) : millis, TimeUnit.MILLISECONDS);
        }
        try (Response response = call.execute()) {
            Instant now = clock.instant();
            RateLimit.Parsed parsed = RateLimit.parse(response.headers(), now);
            RateLimit rateLimit = parsed.rateLimit();
            lastRateLimit.set(rateLimit);
            parsed.ignored().forEach(header -> warnOnce(header, line));
            if (!response.isSuccessful()) {
                String body = response.peekBody(MAX_ERROR_BODY).string();
                String[] words = response.isRedirect()
                        ? redirect(request.url(), response.header("Location"))
                        : JsonApi.errorTitleAndDetail(body, response.header("Content-Type"));
                String title = words[0] != null ? words[0] : response.message();
                throw new RootlyApiException(
                        RootlyApiException.Kind.HTTP, response.code(), title, words[1], line, rateLimit, null);
            }
            String body = response.body().string();
            try {
                return parse.apply(body);
            } catch (JsonApi.MalformedBodyException e) {
                throw new RootlyApiException(
                        RootlyApiException.Kind.BAD_RESPONSE,
                        response.code(),
                        "unreadable response: " + e.getMessage(),
                        null,
                        line,
                        rateLimit,
                        null);
            }
        } finally {
            tracker.stopHandshakeTimer();
        }
    }

    /** One warning per header name and client: a server that always sends it would otherwise fill the log. */
    private void warnOnce(String header, String line) {
        String name = header.substring(0, header.indexOf(' '));
        if (warnedHeaders.add(name.toLowerCase(java.util.Locale.ROOT))) {
            warnings.add("Ignored an unreadable rate-limit header in the answer to " + line + ": " + header
                    + "; later ones are ignored without a word");
        }
    }

    /**
     * Warnings about this client's answers since the last call, each given once: headers that were present but
     * unreadable and so were ignored. The engine passes them on as progress events.
     */
    public List<String> takeWarnings() {
        List<String> taken = new ArrayList<>();
        for (String w = warnings.poll(); w != null; w = warnings.poll()) {
            taken.add(w);
        }
        return taken;
    }

    private static RootlyApiException transportFailure(IOException e, SendTracker tracker, String line) {
        String tls = tracker.tlsProblem(e);
        if (tls != null) {
            // A handshake that failed sent no request, and a repeat meets the same certificate or the same server.
            return new RootlyApiException(RootlyApiException.Kind.TLS, 0, "not sent, " + tls, null, line, null, e);
        }
        boolean notSent = !tracker.sent
                && (e instanceof ConnectException
                        || e instanceof UnknownHostException
                        || e instanceof NoRouteToHostException
                        || tracker.connectFailed);
        RootlyApiException.Kind kind = notSent ? RootlyApiException.Kind.NOT_SENT : RootlyApiException.Kind.NO_RESPONSE;
        return new RootlyApiException(kind, 0, transportProblem(e, notSent), null, line, null, e);
    }

    /** Title and detail for a redirect: where it points, so the user can fix the API URL (e.g. http to https). */
    private static String[] redirect(HttpUrl from, String location) {
        HttpUrl to = location == null ? null : from.resolve(location);
        return new String[] {
            null,
            to == null
                    ? "the API URL redirects; use the address it redirects to"
                    : "redirected to " + redactedUrl(to) + "; use " + to.scheme() + "://" + to.host()
                            + (to.port() == HttpUrl.defaultPort(to.scheme()) ? "" : ":" + to.port()) + " as the API URL"
        };
    }

    private static String transportProblem(IOException e, boolean notSent) {
        String words = productWords(e);
        String what = words != null
                ? words
                : e instanceof UnknownHostException
                        ? "host not found (DNS)"
                        : e instanceof ConnectException
                                ? "connection refused"
                                : e.getClass().getSimpleName();
        String message = words != null || e.getMessage() == null || e instanceof UnknownHostException
                ? ""
                : ": " + e.getMessage();
        return (notSent ? "not sent, " : "no response, ") + what + message;
    }

    /**
     * The transport failures a user meets most, said plainly instead of in OkHttp's or the JDK's words ("unexpected
     * end of stream on http://...", "SocketTimeoutException: timeout"); null for any other.
     */
    private static String productWords(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof java.io.EOFException || message.startsWith("unexpected end of stream")) {
            return "the connection closed before an answer came";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer in time";
        }
        return null;
    }

    /** URLs carry no secrets here, but query strings are kept out of messages to keep them short and safe. */
    private static String redactedUrl(HttpUrl url) {
        return url.newBuilder().query(null).build().toString();
    }

    /**
     * Follows one call's connection: whether it got as far as writing the request (which makes a failed POST
     * ambiguous), whether its connection came from the pool, and whether it failed in the TLS handshake, which
     * it bounds in time.
     */
    static final class SendTracker extends EventListener {
        static final EventListener.Factory FACTORY = call -> {
            SendTracker tracker = call.request().tag(SendTracker.class);
            return tracker != null ? tracker : EventListener.NONE;
        };

        private final Duration handshakeTimeout;
        private final AtomicBoolean handshakeTimerStarted = new AtomicBoolean();
        private final AsyncTimeout handshakeTimer = new AsyncTimeout() {
            @Override
            protected void timedOut() {
                handshakeTimedOut = true;
                Call call = handshakeCall;
                if (call != null) {
                    call.cancel();
                }
            }
        };

        volatile boolean sent;
        volatile boolean connectFailed;
        private volatile boolean connecting;
        private volatile boolean acquired;
        private volatile boolean handshaking;
        private volatile boolean handshakeTimedOut;
        private volatile boolean responded;
        private volatile Call handshakeCall;

        SendTracker(Duration handshakeTimeout) {
            this.handshakeTimeout = handshakeTimeout;
        }

        @Override
        public void connectStart(Call call, InetSocketAddress address, Proxy proxy) {
            connecting = true;
        }

        @Override
        public void secureConnectStart(Call call) {
            handshaking = true;
            if (handshakeTimerStarted.compareAndSet(false, true)) {
                handshakeCall = call;
                handshakeTimer.timeout(handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS);
                handshakeTimer.enter();
            }
        }

        @Override
        public void secureConnectEnd(Call call, Handshake handshake) {
            handshaking = false;
            stopHandshakeTimer();
        }

        @Override
        public void connectFailed(
                Call call, InetSocketAddress address, Proxy proxy, Protocol protocol, IOException ioe) {
            connectFailed = true;
        }

        @Override
        public void connectionAcquired(Call call, Connection connection) {
            acquired = true;
        }

        @Override
        public void requestHeadersStart(Call call) {
            sent = true;
        }

        @Override
        public void responseHeadersEnd(Call call, Response response) {
            responded = true;
        }

        void stopHandshakeTimer() {
            if (handshakeTimerStarted.get()) {
                handshakeTimer.exit();
            }
        }

        /**
         * A pooled connection that broke before any answer: the server closed it while idle. A timeout is not that
         * (a slow server is worth a logged, paced retry), nor is a failure on a connection made for this call.
         */
        boolean failedOnStaleConnection(IOException e) {
            return acquired && !connecting && !responded && !(e instanceof InterruptedIOException);
        }

        /** What went wrong in the TLS handshake, in words that say what to do; null when it was not TLS. */
        String tlsProblem(IOException e) {
            // The handshake's bound and the read timeout are often the same length, and either may fire first on a
            // silent server: a timeout while the handshake was still running means the same thing either way.
            if (handshakeTimedOut || handshaking && e instanceof InterruptedIOException) {
                return "the server does not speak TLS: check the URL's scheme (no TLS answer within "
                        + seconds(handshakeTimeout) + "; use http:// for a plain-HTTP server)";
            }
            if (!handshaking && !(e instanceof SSLException)) {
                return null;
            }
            return TlsProblems.describe(e);
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }
}
