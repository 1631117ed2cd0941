package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Serves the Rootly API subset: auth, rate limits, faults, then the workflow-runs and workflows endpoints. */
final class ApiHandler implements HttpHandler {
    static final String JSON_API = "application/vnd.api+json";
    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_BODY = 1 << 20;
    private static final long MAX_DRAINED = 64L << 20;

    private final EmulatorState state;
    private final Set<String> tokens;

    ApiHandler(EmulatorState state, Set<String> tokens) {
        this.state = state;
        this.tokens = Set.copyOf(tokens);
    }

    /** A response about to be sent. */
    private record Reply(int status, String body, String contentType) {
        static Reply json(int status, JsonNode body) {
            return new Reply(status, body.toString(), JSON_API);
        }

        static Reply error(int status, String title, String detail) {
            return json(status, JsonApiWriter.error(status, title, detail));
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            List<String> segments = segments(exchange.getRequestURI().getRawPath());
            String route = route(method, segments);
            byte[] body = readBody(exchange.getRequestBody());
            state.countRequest(route == null ? "unknown" : route);
            if (body == null) {
                send(exchange, Reply.error(413, "Payload Too Large", "The request body is over the 1 MiB limit"));
                return;
            }
            Fault fault = route == null ? null : state.takeFault(route);
            if (fault != null && fault.delay() != null) {
                sleep(fault);
            }
            if (fault != null && "before".equals(fault.drop())) {
                return; // closing the exchange unanswered drops the connection; nothing was acted on
            }
            Reply reply = authenticate(exchange);
            EmulatorState.Admission admission = null;
            if (reply == null && route != null) {
                String token = bearer(exchange);
                admission = state.admit(token, method.equals("GET") ? "read" : "write");
                if (!admission.allowed()) {
                    reply = Reply.json(
                            429,
                            JsonApiWriter.MAPPER
                                    .createObjectNode()
                                    .put("error", "Rate limit exceeded. Try again later."));
                    if (state.scenario().rateLimit().retryAfter()) {
                        long seconds = Math.max(
                                1,
                                java.time.Duration.between(state.now(), admission.reset())
                                        .toSeconds());
                        exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
                    }
                }
            }
            if (reply == null && fault != null && fault.status() != null) {
                reply = faultReply(fault);
            }
            if (reply == null) {
                reply = route == null
                        ? Reply.error(
                                404, "Not found or unauthorized", "The emulator serves only the workflow-runs subset")
                        : serve(exchange, route, segments, body);
            }
            if (fault != null && "after".equals(fault.drop())) {
                return; // acted on, but the answer never leaves
            }
            if (fault != null && Boolean.TRUE.equals(fault.malformed())) {
                reply = new Reply(reply.status(), "{\"data\": [truncated", JSON_API);
            }
            if (admission != null) {
                rateLimitHeaders(exchange, admission);
            }
            if (fault != null) {
                fault.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            }
            send(exchange, reply);
        }
    }

    private Reply serve(HttpExchange exchange, String route, List<String> segments, byte[] body) {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        return switch (route) {
            case "create" -> create(exchange, segments.get(2), body);
            case "list_runs" -> listRuns(exchange, segments.get(2), query);
            case "list_workflows" -> listWorkflows(exchange, query);
            default -> state.workflow(segments.get(2))
                    .map(w -> Reply.json(200, JsonApiWriter.single(JsonApiWriter.workflow(w))))
                    .orElseGet(ApiHandler::notFound);
        };
    }

    private Reply create(HttpExchange exchange, String workflowRef, byte[] body) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith(JSON_API)) {
            return Reply.error(415, "Unsupported Media Type", "Use Content-Type: " + JSON_API);
        }
        JsonNode root;
        try {
            root = JsonApiWriter.MAPPER.readTree(body);
        } catch (IOException e) {
            return Reply.error(400, "Malformed request body", "The body is not valid JSON");
        }
        if (root == null || !root.path("data").isObject()) {
            return Reply.error(
                    422, "data is missing", "Send {\"data\":{\"type\":\"workflow_runs\",\"attributes\":{...}}}");
        }
        JsonNode data = root.get("data");
        if (!"workflow_runs".equals(data.path("type").asText())) {
            return Reply.error(422, "type must be workflow_runs", null);
        }
        JsonNode attributes = data.path("attributes");
        if (!attributes.isObject()) {
            return Reply.error(422, "attributes is missing", null);
        }
        List<String> targets = JsonApiWriter.TARGETS.stream()
                .filter(t -> !attributes.path(t).isMissingNode()
                        && !attributes.path(t).isNull())
                .toList();
        if (targets.size() > 1) {
            return Reply.error(
                    422, "Only one of " + String.join(", ", JsonApiWriter.TARGETS) + " may be given", "Got " + targets);
        }
        for (String t : targets) {
            if (!attributes.get(t).isTextual() || attributes.get(t).asText().isBlank()) {
                return Reply.error(422, t + " must be a non-empty string", null);
            }
        }
        for (String flag : List.of("immediate", "check_conditions")) {
            JsonNode v = attributes.path(flag);
            if (!v.isMissingNode() && !v.isNull() && !v.isBoolean()) {
                return Reply.error(422, flag + " must be true or false", null);
            }
        }
        if (!attributes.path("context").isMissingNode()
                && !attributes.path("context").isObject()) {
            return Reply.error(422, "context must be an object", null);
        }
        var workflow = state.workflow(workflowRef);
        if (workflow.isEmpty()) {
            return notFound();
        }
        if (attributes.path("check_conditions").asBoolean(false)
                && !workflow.get().conditionsMet()) {
            return Reply.error(422, "Incident conditions are not satisfied", null);
        }
        JsonNode rid = attributes.path("context").path("ci").path("request_id");
        EmulatedRun run = state.create(workflow.get(), (ObjectNode) attributes, rid.isTextual() ? rid.asText() : null);
        return Reply.json(201, JsonApiWriter.single(JsonApiWriter.run(run, state.now())));
    }

    private Reply listRuns(HttpExchange exchange, String workflowRef, Map<String, String> query) {
        var workflow = state.workflow(workflowRef);
        if (workflow.isEmpty()) {
            return notFound();
        }
        int[] paging;
        Predicate<Instant> createdAt;
        try {
            paging = paging(query);
            createdAt = createdAtFilter(query);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "Invalid query parameter", e.getMessage());
        }
        Instant now = state.now();
        List<EmulatedRun> runs = state.runsOf(workflow.get()).stream()
                .filter(r -> createdAt.test(r.createdAt()) && r.listedAt(now))
                .toList();
        return Reply.json(
                200,
                JsonApiWriter.page(
                        runs, paging[0], paging[1], r -> JsonApiWriter.run(r, now), n -> pageUrl(exchange, query, n)));
    }

    private Reply listWorkflows(HttpExchange exchange, Map<String, String> query) {
        int[] paging;
        try {
            paging = paging(query);
        } catch (IllegalArgumentException e) {
            return Reply.error(400, "Invalid query parameter", e.getMessage());
        }
        // Rootly's filters match loosely; clients must check for an exact match, and the emulator makes them.
        String slug = lower(query.get("filter[slug]"));
        String name = lower(query.get("filter[name]"));
        String search = lower(query.get("filter[search]"));
        List<Scenario.WorkflowSpec> found = new ArrayList<>();
        for (Scenario.WorkflowSpec w : state.scenario().workflows()) {
            boolean ok = (slug == null || w.slug().contains(slug))
                    && (name == null || w.name().toLowerCase(Locale.ROOT).contains(name))
                    && (search == null
                            || w.slug().contains(search)
                            || w.name().toLowerCase(Locale.ROOT).contains(search));
            if (ok) {
                found.add(w);
            }
        }
        return Reply.json(
                200,
                JsonApiWriter.page(
                        found, paging[0], paging[1], JsonApiWriter::workflow, n -> pageUrl(exchange, query, n)));
    }

    private Reply authenticate(HttpExchange exchange) {
        String token = bearer(exchange);
        return token != null && tokens.contains(token) ? null : Reply.error(401, "Invalid token", null);
    }

    private static String bearer(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
    }

    private static Reply faultReply(Fault fault) {
        int status = fault.status();
        if (fault.body() != null) {
            return new Reply(status, fault.body(), Boolean.TRUE.equals(fault.html()) ? "text/html" : JSON_API);
        }
        if (Boolean.TRUE.equals(fault.html())) {
            String title = status + " " + reason(status);
            return new Reply(
                    status,
                    "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>",
                    "text/html");
        }
        if (status == 429) {
            return Reply.json(
                    429, JsonApiWriter.MAPPER.createObjectNode().put("error", "Rate limit exceeded. Try again later."));
        }
        return Reply.error(status, reason(status), "Injected by the emulator");
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Invalid token";
            case 403 -> "Unauthorized Action";
            case 404 -> "Not found or unauthorized";
            case 408 -> "Request Timeout";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Entity";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Error";
        };
    }

    private static Reply notFound() {
        return Reply.error(404, "Not found or unauthorized", null);
    }

    /** Names the route of a request, or null when the emulator does not serve it. */
    static String route(String method, List<String> s) {
        boolean workflows = s.size() >= 2 && s.get(0).equals("v1") && s.get(1).equals("workflows");
        if (!workflows) {
            return null;
        }
        if (s.size() == 2 && method.equals("GET")) {
            return "list_workflows";
        }
        if (s.size() == 3 && method.equals("GET")) {
            return "get_workflow";
        }
        if (s.size() == 4 && s.get(3).equals("workflow_runs")) {
            return method.equals("POST") ? "create" : method.equals("GET") ? "list_runs" : null;
        }
        return null;
    }

    private static int[] paging(Map<String, String> query) {
        int number = intParam(query, "page[number]", 1);
        int size = intParam(query, "page[size]", DEFAULT_PAGE_SIZE);
        if (number < 1) {
            throw new IllegalArgumentException("page[number] must be 1 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page[size] must be between 1 and " + MAX_PAGE_SIZE);
        }
        return new int[] {number, size};
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        String v = query.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
    }

    private static Predicate<Instant> createdAtFilter(Map<String, String> query) {
        Predicate<Instant> p = t -> true;
        for (String op : List.of("gt", "gte", "lt", "lte")) {
            String v = query.get("filter[created_at][" + op + "]");
            if (v == null) {
                continue;
            }
            Instant bound = parseTime(v);
            p = p.and(
                    switch (op) {
                        case "gt" -> t -> t.isAfter(bound);
                        case "gte" -> t -> !t.isBefore(bound);
                        case "lt" -> t -> t.isBefore(bound);
                        default -> t -> !t.isAfter(bound);
                    });
        }
        return p;
    }

    static Instant parseTime(String v) {
        String t = v.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                return OffsetDateTime.parse(t, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]xxx"))
                        .toInstant();
            } catch (DateTimeParseException rootly) {
                throw new IllegalArgumentException("filter[created_at] must be an ISO-8601 time, not '" + v + "'");
            }
        }
    }

    private static String pageUrl(HttpExchange exchange, Map<String, String> query, int number) {
        Map<String, String> q = new LinkedHashMap<>(query);
        q.put("page[number]", Integer.toString(number));
        StringBuilder b = new StringBuilder("http://")
                .append(exchange.getRequestHeaders().getFirst("Host"))
                .append(exchange.getRequestURI().getRawPath())
                .append('?');
        q.forEach((k, v) -> b.append(java.net.URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        return b.substring(0, b.length() - 1);
    }

    private static void rateLimitHeaders(HttpExchange exchange, EmulatorState.Admission a) {
        var h = exchange.getResponseHeaders();
        h.set(
                "X-RateLimit-Limit",
                a.limit() + ", " + a.limit() + ";window=" + a.window().toSeconds());
        h.set("X-RateLimit-Remaining", Integer.toString(a.remaining()));
        h.set("X-RateLimit-Used", Integer.toString(a.used()));
        h.set("X-RateLimit-Reset", Long.toString(a.reset().getEpochSecond()));
    }

    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
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

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(Durations.parse(fault.delay()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        send(exchange, Reply.json(status, body));
    }

    static void sendError(HttpExchange exchange, int status, String title, String detail) throws IOException {
        send(exchange, Reply.error(status, title, detail));
    }
}
