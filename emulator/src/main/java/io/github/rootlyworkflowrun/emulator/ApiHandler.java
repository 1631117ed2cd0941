package io.github.rootlyworkflowrun.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serves API requests in Rootly's order: body limit, the route's fault (delay, drop), authentication, the rate
 * limit, an injected status or else the {@link Dispatcher}'s answer, then the fault's drop, malformed body and
 * headers.
 */
final class ApiHandler implements HttpHandler {
    private static final int MAX_BODY = 1 << 20;
    private static final long MAX_DRAINED = 64L << 20;
    private static final String RATE_LIMITED = "{\"error\":\"Rate limit exceeded. Try again later.\"}";

    private final EmulatorState state;
    private final Set<String> tokens;
    private final Dispatcher dispatcher;

    ApiHandler(EmulatorState state, Set<String> tokens, Dispatcher dispatcher) {
        this.state = state;
        this.tokens = Set.copyOf(tokens);
        this.dispatcher = dispatcher;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = readBody(exchange.getRequestBody());
            ApiRequest request = new ApiRequest(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    Paths.query(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders(),
                    body == null ? new byte[0] : body);
            Optional<Route> route = request.route();
            state.countRequest(route.map(Route::key).orElse("unknown"));
            if (body == null) {
                send(exchange, Answer.error(413, "Payload Too Large", "The request body is over the 1 MiB limit"));
                return;
            }
            Optional<Fault> fault = route.flatMap(state::takeFault);
            fault.map(Fault::delay).ifPresent(ApiHandler::sleep);
            if (dropped(fault, Fault.Drop.BEFORE)) {
                return; // closing the exchange unanswered drops the connection; nothing was acted on
            }
            Answer answer = answer(request, fault);
            if (dropped(fault, Fault.Drop.AFTER)) {
                return; // acted on, but the answer never leaves
            }
            if (fault.isPresent()) {
                answer = spoil(answer, fault.get());
            }
            send(exchange, answer);
        }
    }

    /** The answer before the fault's finishing touches: 401, 429, an injected status, or the dispatcher's. */
    private Answer answer(ApiRequest request, Optional<Fault> fault) {
        Optional<String> token = bearer(request);
        if (token.isEmpty() || !tokens.contains(token.get())) {
            return Answer.error(401, "Invalid token", null);
        }
        if (request.route().isEmpty()) {
            return dispatch(request); // outside the emulated routes: neither rate-limited nor faulted
        }
        EmulatorState.Admission admission =
                state.admit(token.get(), request.method().equals("GET") ? "read" : "write");
        Answer answer;
        if (!admission.allowed()) {
            answer = Answer.json(429, RATE_LIMITED);
            if (state.scenario().rateLimit().retryAfter()) {
                long seconds = Math.max(
                        1, Duration.between(state.now(), admission.reset()).toSeconds());
                answer = answer.withHeader("Retry-After", Long.toString(seconds));
            }
        } else if (fault.isPresent() && fault.get().status() != null) {
            answer = injected(fault.get());
        } else {
            answer = dispatch(request);
        }
        return answer.withHeaders(rateLimitHeaders(admission));
    }

    private Answer dispatch(ApiRequest request) {
        try {
            return dispatcher.dispatch(request);
        } catch (RuntimeException e) {
            // A plugged-in dispatcher's bug is the test's to see, as an answer rather than a reset connection.
            return Answer.error(
                    500,
                    "The dispatcher failed",
                    e.toString().lines().findFirst().orElse(""));
        }
    }

    private static boolean dropped(Optional<Fault> fault, Fault.Drop when) {
        return fault.flatMap(Fault::drop).filter(when::equals).isPresent();
    }

    /** The answer as the fault changes it: a truncated body, and the fault's own headers. */
    private static Answer spoil(Answer answer, Fault fault) {
        Answer spoiled = fault.malformed() ? answer.withBody("{\"data\": [truncated") : answer;
        return spoiled.withHeaders(fault.headers());
    }

    private static Answer injected(Fault fault) {
        int status = fault.status();
        String contentType = fault.html() ? "text/html" : Answer.JSON_API;
        if (fault.body().isPresent()) {
            return new Answer(status, contentType, fault.body().get(), Map.of());
        }
        if (fault.html()) {
            String title = status + " " + reason(status);
            return new Answer(
                    status,
                    contentType,
                    "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>",
                    Map.of());
        }
        if (status == 429) {
            return Answer.json(429, RATE_LIMITED);
        }
        return Answer.error(status, reason(status), "Injected by the emulator");
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Invalid token";
            case 403 -> "Unauthorized Action";
            case 404 -> "Not found or unauthorized";
            case 408 -> "Request Timeout";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private static Optional<String> bearer(ApiRequest request) {
        return request.header("Authorization")
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim());
    }

    private static Map<String, String> rateLimitHeaders(EmulatorState.Admission a) {
        return Map.of(
                "X-RateLimit-Limit",
                        a.limit() + ", " + a.limit() + ";window=" + a.window().toSeconds(),
                "X-RateLimit-Remaining", Integer.toString(a.remaining()),
                "X-RateLimit-Used", Integer.toString(a.used()),
                "X-RateLimit-Reset", Long.toString(a.reset().getEpochSecond()));
    }

    /** The request body, or null when it is over the limit (then read to its end, so the client sees the 413). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length <= MAX_BODY) {
            return body;
        }
        // A client still sending when the answer comes sees a reset, not the 413; so discard the rest, up to a bound.
        byte[] sink = new byte[64 * 1024];
        long drained = 0;
        for (int n; drained < MAX_DRAINED && (n = in.read(sink)) > 0; ) {
            drained += n;
        }
        return null;
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void sendJson(HttpExchange exchange, int status, Object document) throws IOException {
        send(exchange, Answer.json(status, Json.write(document)));
    }

    static void sendError(HttpExchange exchange, int status, String title, String detail) throws IOException {
        send(exchange, Answer.error(status, title, detail));
    }
}
