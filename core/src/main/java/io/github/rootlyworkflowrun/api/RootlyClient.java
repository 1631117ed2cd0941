package io.github.rootlyworkflowrun.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client for the workflow-runs subset of the Rootly API. Each method is exactly one HTTP exchange: retries,
 * backoff and reconciliation belong to the run engine, which knows whether a request is safe to repeat.
 */
public final class RootlyClient {
    /** The public Rootly API. */
    public static final String DEFAULT_API_URL = "https://api.rootly.com";

    private static final MediaType JSON_API = MediaType.get("application/vnd.api+json");
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final HttpUrl baseUrl;
    private final ApiToken token;
    private final OkHttpClient http;
    private final Clock clock;
    private final String userAgent;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<RateLimit> lastRateLimit = new AtomicReference<>(RateLimit.NONE);

    private RootlyClient(HttpUrl baseUrl, ApiToken token, OkHttpClient http, Clock clock, String userAgent) {
        this.baseUrl = baseUrl;
        this.token = token;
        // No transparent retries: OkHttp may otherwise resend a POST on a stale connection. No redirects either: a
        // followed 301/302 turns the create POST into a GET, and the API never redirects a correct URL.
        this.http = http.newBuilder()
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .eventListenerFactory(SendTracker.FACTORY)
                .build();
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
                .readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30))
                .callTimeout(Duration.ofSeconds(60));
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
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments("v1/workflows");
        if (filterField != null) {
            url.addQueryParameter("filter[" + filterField + "]", value);
        }
        url.addQueryParameter("page[number]", Integer.toString(pageNumber))
                .addQueryParameter("page[size]", Integer.toString(pageSize));
        return execute(request("GET", url.build(), null), JsonApi::workflows);
    }

    /** {@code GET /v1/workflows/{id-or-slug}}. */
    public Workflow getWorkflow(String idOrSlug) {
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
                .tag(SendTracker.class, new SendTracker())
                .build();
    }

    private <T> T execute(Request request, Function<String, T> parse) {
        return execute(request, parse, null);
    }

    private <T> T execute(Request request, Function<String, T> parse, Duration within) {
        String line = request.method() + " " + redactedUrl(request.url());
        requests.incrementAndGet();
        SendTracker tracker = Objects.requireNonNull(request.tag(SendTracker.class));
        Call call = http.newCall(request);
        if (within != null) {
            // Replaces the client's call timeout for this call only, so keep the shorter of the two.
            long millis = Math.max(1, within.toMillis());
            int own = http.callTimeoutMillis();
            call.timeout().timeout(own > 0 ? Math.min(own, millis) : millis, TimeUnit.MILLISECONDS);
        }
        try (Response response = call.execute()) {
            Instant now = clock.instant();
            RateLimit rateLimit = RateLimit.from(response.headers(), now);
            lastRateLimit.set(rateLimit);
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
        } catch (IOException e) {
            boolean notSent = !tracker.sent
                    && (e instanceof ConnectException
                            || e instanceof UnknownHostException
                            || e instanceof NoRouteToHostException
                            || tracker.connectFailed);
            RootlyApiException.Kind kind =
                    notSent ? RootlyApiException.Kind.NOT_SENT : RootlyApiException.Kind.NO_RESPONSE;
            throw new RootlyApiException(kind, 0, transportProblem(e, notSent), null, line, null, e);
        }
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
        String what = e instanceof UnknownHostException
                ? "host not found (DNS)"
                : e instanceof ConnectException
                        ? "connection refused"
                        : e.getClass().getSimpleName();
        String message = e.getMessage() == null || e instanceof UnknownHostException ? "" : ": " + e.getMessage();
        return (notSent ? "not sent, " : "no response, ") + what + message;
    }

    /** URLs carry no secrets here, but query strings are kept out of messages to keep them short and safe. */
    private static String redactedUrl(HttpUrl url) {
        return url.newBuilder().query(null).build().toString();
    }

    /** Records whether a call got as far as writing the request, which is what makes a failed POST ambiguous. */
    static final class SendTracker extends EventListener {
        static final EventListener.Factory FACTORY = call -> {
            SendTracker tracker = call.request().tag(SendTracker.class);
            return tracker != null ? tracker : EventListener.NONE;
        };

        volatile boolean sent;
        volatile boolean connectFailed;

        @Override
        public void requestHeadersStart(Call call) {
            sent = true;
        }

        @Override
        public void connectFailed(
                Call call,
                java.net.InetSocketAddress address,
                java.net.Proxy proxy,
                okhttp3.Protocol protocol,
                IOException ioe) {
            connectFailed = true;
        }
    }
}
