package io.github.rootlyworkflowrun.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A MockWebServer dispatcher that scripts the workflow-runs endpoints: each created run walks through a list of
 * statuses, one step per list request; any endpoint can be given one-off responses first (errors, faults).
 */
public final class ScriptedRootly extends Dispatcher {
    private final Clock clock;
    private final Map<String, Deque<String>> scripts = new LinkedHashMap<>();
    private final Map<String, ObjectNode> runs = new LinkedHashMap<>();
    private final Deque<MockResponse> postOverrides = new ArrayDeque<>();
    private final Deque<MockResponse> listOverrides = new ArrayDeque<>();
    private final Deque<MockResponse> workflowResponses = new ArrayDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private List<String> nextStatuses = List.of("queued", "started", "completed");
    private boolean storeOverriddenPost;
    private int created;

    /** A request as the server saw it, with the test clock's time. */
    public record Seen(String method, String path, Map<String, String> query, String body, Instant at) {}

    public ScriptedRootly(Clock clock) {
        this.clock = clock;
    }

    /** Statuses the next created run goes through: the first is returned by create, then one per list. */
    public synchronized ScriptedRootly nextRunGoesThrough(String... statuses) {
        nextStatuses = List.of(statuses);
        return this;
    }

    /** Adds an existing run with a status script, as if created earlier. */
    public synchronized ScriptedRootly existingRun(String id, String requestId, Instant createdAt, String... statuses) {
        ObjectNode run = ApiJson.run(id, statuses[0], createdAt, requestId);
        runs.put(id, run);
        scripts.put(id, new ArrayDeque<>(List.of(statuses).subList(1, statuses.length)));
        return this;
    }

    public synchronized ScriptedRootly onPost(MockResponse response) {
        postOverrides.add(response);
        return this;
    }

    /** With an overridden POST, still record the run as created (a create that was processed, then lost). */
    public synchronized ScriptedRootly createEvenWhenOverridden() {
        storeOverriddenPost = true;
        return this;
    }

    public synchronized ScriptedRootly onList(MockResponse response) {
        listOverrides.add(response);
        return this;
    }

    public synchronized ScriptedRootly onWorkflowLookup(MockResponse response) {
        workflowResponses.add(response);
        return this;
    }

    public List<Seen> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public long count(String method, String pathPart) {
        return seen().stream()
                .filter(s -> s.method.equals(method) && s.path.contains(pathPart))
                .count();
    }

    public synchronized Map<String, ObjectNode> runs() {
        return Map.copyOf(runs);
    }

    /**
     * Whether the next answer to this request is a stall (the server reads it and never answers), so the client can
     * give that one call a short read timeout while every answered call keeps a generous one.
     */
    public synchronized boolean nextAnswerStalls(String method, String path) {
        MockResponse next = path.equals("/v1/workflows")
                ? workflowResponses.peek()
                : !path.endsWith("/workflow_runs")
                        ? null
                        : "POST".equals(method) ? postOverrides.peek() : listOverrides.peek();
        return next != null && next.getOnResponseStart() instanceof SocketEffect.Stall;
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : request.getUrl().queryParameterNames()) {
            query.put(name, request.getUrl().queryParameter(name));
        }
        String body = request.getBody() == null ? "" : request.getBody().utf8();
        String path = request.getUrl().encodedPath();
        seen.add(new Seen(request.getMethod(), path, query, body, clock.instant()));
        if (path.equals("/v1/workflows")) {
            return workflowResponses.isEmpty() ? json(200, ApiJson.list(List.of(), 1, 1)) : workflowResponses.poll();
        }
        if (!path.endsWith("/workflow_runs")) {
            return json(404, ApiJson.errors("Not found or unauthorized", 404));
        }
        if ("POST".equals(request.getMethod())) {
            if (!postOverrides.isEmpty()) {
                MockResponse override = postOverrides.poll();
                if (storeOverriddenPost) {
                    store(body);
                }
                return override;
            }
            return json(201, ApiJson.single(store(body)));
        }
        if (!listOverrides.isEmpty()) {
            return listOverrides.poll();
        }
        Instant gte = query.containsKey("filter[created_at][gte]")
                ? Instant.parse(query.get("filter[created_at][gte]"))
                : Instant.EPOCH;
        List<ObjectNode> matching = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> e : runs.entrySet()) {
            Deque<String> script = scripts.get(e.getKey());
            if (!script.isEmpty()) {
                ((ObjectNode) e.getValue().get("attributes")).put("status", script.poll());
            }
            Instant createdAt = Instant.parse(
                    e.getValue().get("attributes").get("created_at").asText());
            if (!createdAt.isBefore(gte)) {
                matching.add(e.getValue().deepCopy());
            }
        }
        int size = Integer.parseInt(query.getOrDefault("page[size]", "20"));
        int number = Integer.parseInt(query.getOrDefault("page[number]", "1"));
        int pages = Math.max(1, (matching.size() + size - 1) / size);
        List<ObjectNode> page = matching.subList(
                Math.min(matching.size(), (number - 1) * size), Math.min(matching.size(), number * size));
        return json(200, ApiJson.list(page, number, pages));
    }

    private ObjectNode store(String body) {
        String id = "run-" + (++created);
        JsonNode ci =
                readTree(body).path("data").path("attributes").path("context").path("ci");
        String requestId =
                ci.path("request_id").isTextual() ? ci.path("request_id").asText() : null;
        ObjectNode run = ApiJson.run(id, nextStatuses.get(0), clock.instant(), requestId);
        runs.put(id, run);
        scripts.put(id, new ArrayDeque<>(nextStatuses.subList(1, nextStatuses.size())));
        return run;
    }

    private static JsonNode readTree(String body) {
        try {
            return ApiJson.MAPPER.readTree(body.isEmpty() ? "{}" : body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/vnd.api+json")
                .body(body)
                .build();
    }
}
