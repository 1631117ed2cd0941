package io.github.rootlyworkflowrun.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
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
 * A MockWebServer dispatcher for the pulse endpoints: services and environments (whose filters match loosely, by
 * substring, as Rootly's may), workflows, pulses, and the runs pulse workflows start. A pulse workflow starts one run
 * (with the pulse's id) a set delay after each pulse, visible from then on; each run walks through a list of
 * statuses, one step per listing of its workflow's runs. Any endpoint can be given one-off answers first.
 */
public final class ScriptedPulses extends Dispatcher {
    private final Clock clock;
    private final List<ObjectNode> services = new ArrayList<>();
    private final List<ObjectNode> environments = new ArrayList<>();
    private final List<ObjectNode> workflows = new ArrayList<>();
    private final Map<String, Trigger> triggers = new LinkedHashMap<>();
    private final List<ObjectNode> pulses = new ArrayList<>();
    private final List<Run> runs = new ArrayList<>();
    private final Map<String, Deque<MockResponse>> overrides = new LinkedHashMap<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private boolean storeOverriddenPost;
    private boolean refsFilterMatchesNothing;
    private int pageSize = 100;

    /** A request as the server saw it, with the test clock's time. */
    public record Seen(String method, String path, Map<String, String> query, String body, Instant at) {}

    private record Trigger(Duration delay, List<String> statuses) {}

    private static final class Run {
        final String workflowId;
        final ObjectNode node;
        final Deque<String> script;

        Run(String workflowId, ObjectNode node, Deque<String> script) {
            this.workflowId = workflowId;
            this.node = node;
            this.script = script;
        }

        Instant createdAt() {
            return Instant.parse(node.get("attributes").get("created_at").asText());
        }
    }

    public ScriptedPulses(Clock clock) {
        this.clock = clock;
    }

    public synchronized ScriptedPulses service(String id, String slug, String name) {
        services.add(entry(id, "services", slug, name));
        return this;
    }

    public synchronized ScriptedPulses environment(String id, String slug, String name) {
        environments.add(entry(id, "environments", slug, name));
        return this;
    }

    /** A workflow that pulses do not trigger, or a disabled one, which discovery must skip. */
    public synchronized ScriptedPulses workflow(String id, String name, String triggerType, boolean enabled) {
        ObjectNode w =
                ApiJson.workflowData(id, name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'), name);
        ((ObjectNode) w.get("attributes")).put("enabled", enabled);
        ((ObjectNode) w.get("attributes").get("trigger_params")).put("trigger_type", triggerType);
        workflows.add(w);
        return this;
    }

    /** An enabled pulse workflow that starts a run {@code delay} after each pulse, going through {@code statuses}. */
    public synchronized ScriptedPulses pulseWorkflow(String id, String name, Duration delay, String... statuses) {
        workflow(id, name, "pulse", true);
        triggers.put(id, new Trigger(delay, List.of(statuses)));
        return this;
    }

    /** A run of {@code workflowId} that exists already, for {@code pulseId} (null: none). */
    public synchronized ScriptedPulses existingRun(
            String workflowId, String runId, String pulseId, Instant createdAt, String... statuses) {
        addRun(workflowId, runId, pulseId, createdAt, List.of(statuses));
        return this;
    }

    /** Workflows, services and pulses come in pages of this size, whatever the client asks. */
    public synchronized ScriptedPulses pageSize(int size) {
        pageSize = size;
        return this;
    }

    /** One-off answers for requests whose method and path start as given, e.g. {@code POST /v1/pulses}. */
    public synchronized ScriptedPulses on(String method, String pathPrefix, MockResponse response) {
        overrides
                .computeIfAbsent(method + " " + pathPrefix, k -> new ArrayDeque<>())
                .add(response);
        return this;
    }

    /** With an overridden pulse POST, still record the pulse (a create that was processed, then lost). */
    public synchronized ScriptedPulses createEvenWhenOverridden() {
        storeOverriddenPost = true;
        return this;
    }

    /** A server that reads {@code filter[refs]} in some other format, so that it never matches. */
    public synchronized ScriptedPulses refsFilterMatchesNothing() {
        refsFilterMatchesNothing = true;
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

    public synchronized List<ObjectNode> pulses() {
        return List.copyOf(pulses);
    }

    /** Whether the next answer to this request stalls, so the client can give that one call a short read timeout. */
    public synchronized boolean nextAnswerStalls(String method, String path) {
        MockResponse next = override(method, path, false);
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
        String method = request.getMethod();
        seen.add(new Seen(method, path, query, body, clock.instant()));
        MockResponse override = override(method, path, true);
        if (override != null) {
            if (storeOverriddenPost && method.equals("POST") && path.equals("/v1/pulses")) {
                createPulse(body);
            }
            return override;
        }
        int number = Integer.parseInt(query.getOrDefault("page[number]", "1"));
        switch (path) {
            case "/v1/services":
                return page(filtered(services, query), number);
            case "/v1/environments":
                return page(filtered(environments, query), number);
            case "/v1/workflows":
                return page(workflows, number);
            case "/v1/pulses":
                if (method.equals("POST")) {
                    return ScriptedRootly.json(201, ApiJson.single(createPulse(body)));
                }
                return page(listPulses(query), number);
            default:
                break;
        }
        if (path.startsWith("/v1/workflows/") && path.endsWith("/workflow_runs") && method.equals("GET")) {
            String workflowId = path.substring("/v1/workflows/".length(), path.length() - "/workflow_runs".length());
            return runsPage(workflowId, query, number);
        }
        return ScriptedRootly.json(404, ApiJson.errors("Not found or unauthorized", 404));
    }

    private MockResponse override(String method, String path, boolean take) {
        for (Map.Entry<String, Deque<MockResponse>> e : overrides.entrySet()) {
            if ((method + " " + path).startsWith(e.getKey()) && !e.getValue().isEmpty()) {
                return take ? e.getValue().poll() : e.getValue().peek();
            }
        }
        return null;
    }

    private static List<ObjectNode> filtered(List<ObjectNode> entries, Map<String, String> query) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode e : entries) {
            boolean keep = true;
            for (String field : List.of("slug", "name")) {
                String wanted = query.get("filter[" + field + "]");
                String value = e.get("attributes").get(field).asText();
                if (wanted != null
                        && !value.toLowerCase(java.util.Locale.ROOT)
                                .contains(wanted.toLowerCase(java.util.Locale.ROOT))) {
                    keep = false;
                }
            }
            String search = query.get("filter[search]");
            if (search != null && !matchesAnyWord(e, search)) {
                keep = false;
            }
            if (keep) {
                out.add(e);
            }
        }
        return out;
    }

    /** A free-text search, looser than the field filters: any word of it in the slug or the name. */
    private static boolean matchesAnyWord(ObjectNode entry, String search) {
        String text = (entry.get("attributes").get("slug").asText() + " "
                        + entry.get("attributes").get("name").asText())
                .toLowerCase(java.util.Locale.ROOT);
        for (String word : search.toLowerCase(java.util.Locale.ROOT).split("\\s+")) {
            if (!word.isEmpty() && text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private List<ObjectNode> listPulses(Map<String, String> query) {
        Instant gte = query.containsKey("filter[created_at][gte]")
                ? Instant.parse(query.get("filter[created_at][gte]"))
                : Instant.EPOCH;
        String refs = query.get("filter[refs]");
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : pulses) {
            if (Instant.parse(p.get("attributes").get("created_at").asText()).isBefore(gte)) {
                continue;
            }
            if (refs != null && (refsFilterMatchesNothing || !hasRef(p, refs))) {
                continue;
            }
            out.add(p);
        }
        return out;
    }

    private static boolean hasRef(ObjectNode pulse, String keyColonValue) {
        for (JsonNode ref : pulse.get("attributes").path("refs")) {
            if ((ref.path("key").asText() + ":" + ref.path("value").asText()).equals(keyColonValue)) {
                return true;
            }
        }
        return false;
    }

    private ObjectNode createPulse(String body) {
        JsonNode a = readTree(body).path("data").path("attributes");
        Instant now = clock.instant();
        ObjectNode p = ApiJson.MAPPER.createObjectNode();
        String id = "pulse-" + (pulses.size() + 1);
        p.put("id", id);
        p.put("type", "pulses");
        ObjectNode attrs = p.putObject("attributes");
        attrs.put("short_id", (String) null);
        attrs.set("source", a.path("source").isMissingNode() ? null : a.get("source"));
        attrs.set("summary", a.get("summary"));
        attrs.set("labels", a.has("labels") ? a.get("labels") : ApiJson.MAPPER.createArrayNode());
        attrs.set("refs", a.has("refs") ? a.get("refs") : ApiJson.MAPPER.createArrayNode());
        ArrayNode svc = attrs.putArray("services");
        a.path("service_ids").forEach(s -> svc.add(embedded(services, s.asText())));
        ArrayNode env = attrs.putArray("environments");
        a.path("environment_ids").forEach(s -> env.add(embedded(environments, s.asText())));
        attrs.set("data", a.get("data"));
        attrs.set("external_url", a.get("external_url"));
        attrs.set("started_at", a.get("started_at"));
        attrs.set("ended_at", a.get("ended_at"));
        attrs.put("created_at", now.toString());
        attrs.put("updated_at", now.toString());
        pulses.add(p);
        int n = runs.size();
        for (Map.Entry<String, Trigger> t : triggers.entrySet()) {
            n++;
            addRun(
                    t.getKey(),
                    "run-" + n,
                    id,
                    now.plus(t.getValue().delay()),
                    t.getValue().statuses());
        }
        return p;
    }

    /** A service or environment as a pulse embeds it: its attributes with its id. */
    private static ObjectNode embedded(List<ObjectNode> entries, String id) {
        for (ObjectNode e : entries) {
            if (e.get("id").asText().equals(id)) {
                ObjectNode o = ((ObjectNode) e.get("attributes")).deepCopy();
                o.put("id", id);
                return o;
            }
        }
        ObjectNode unknown = ApiJson.MAPPER.createObjectNode();
        unknown.put("id", id);
        return unknown;
    }

    private void addRun(String workflowId, String runId, String pulseId, Instant createdAt, List<String> statuses) {
        ObjectNode node = ApiJson.run(runId, statuses.get(0), createdAt, null);
        ObjectNode a = (ObjectNode) node.get("attributes");
        a.put("kind", "pulse");
        a.put("pulse_id", pulseId);
        a.put("workflow_id", workflowId);
        String name = workflows.stream()
                .filter(w -> w.get("id").asText().equals(workflowId))
                .map(w -> w.get("attributes").get("name").asText())
                .findFirst()
                .orElse(null);
        a.put("workflow_name", name);
        runs.add(new Run(workflowId, node, new ArrayDeque<>(statuses.subList(1, statuses.size()))));
    }

    private MockResponse runsPage(String workflowId, Map<String, String> query, int number) {
        Instant gte = query.containsKey("filter[created_at][gte]")
                ? Instant.parse(query.get("filter[created_at][gte]"))
                : Instant.EPOCH;
        Instant now = clock.instant();
        List<ObjectNode> matching = new ArrayList<>();
        for (Run r : runs) {
            if (!r.workflowId.equals(workflowId) || r.createdAt().isAfter(now)) {
                continue; // not started yet
            }
            if (!r.script.isEmpty()) {
                ((ObjectNode) r.node.get("attributes")).put("status", r.script.poll());
            }
            if (!r.createdAt().isBefore(gte)) {
                matching.add(r.node.deepCopy());
            }
        }
        int size = Integer.parseInt(query.getOrDefault("page[size]", "20"));
        return slice(matching, number, size);
    }

    private MockResponse page(List<ObjectNode> all, int number) {
        return slice(all, number, pageSize);
    }

    private static MockResponse slice(List<ObjectNode> all, int number, int size) {
        int pages = Math.max(1, (all.size() + size - 1) / size);
        List<ObjectNode> page =
                all.subList(Math.min(all.size(), (number - 1) * size), Math.min(all.size(), number * size));
        return ScriptedRootly.json(200, ApiJson.list(page, number, pages));
    }

    private static ObjectNode entry(String id, String type, String slug, String name) {
        ObjectNode e = ApiJson.MAPPER.createObjectNode();
        e.put("id", id);
        e.put("type", type);
        ObjectNode a = e.putObject("attributes");
        a.put("name", name);
        a.put("slug", slug);
        a.put("created_at", "2026-01-20 09:47:37.173000-08:00");
        a.put("updated_at", "2026-01-20 09:47:37.173000-08:00");
        return e;
    }

    private static JsonNode readTree(String body) {
        try {
            return ApiJson.MAPPER.readTree(body.isEmpty() ? "{}" : body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
