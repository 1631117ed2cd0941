package io.github.rootlyworkflowrun.emulator;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** The default {@link Dispatcher}: the Rootly workflow-runs and workflows endpoints over the emulator's state. */
final class EmulatedApi implements Dispatcher {
    private static final int DEFAULT_PAGE_SIZE = 20;
    private static final int MAX_PAGE_SIZE = 100;

    private final EmulatorState state;

    EmulatedApi(EmulatorState state) {
        this.state = state;
    }

    /** Page number and size from the query. */
    private record Paging(int number, int size) {}

    @Override
    public Answer dispatch(ApiRequest request) {
        if (request.route().isEmpty()) {
            return Answer.error(404, "Not found or unauthorized", "The emulator serves only the workflow-runs subset");
        }
        return switch (request.route().get()) {
            case CREATE_RUN -> create(request);
            case LIST_RUNS -> listRuns(request);
            case LIST_WORKFLOWS -> listWorkflows(request);
            case GET_WORKFLOW -> state.workflow(request.workflow().orElseThrow())
                    .map(w -> ok(200, JsonApiWriter.single(JsonApiWriter.workflow(w))))
                    .orElseGet(EmulatedApi::notFound);
        };
    }

    private Answer create(ApiRequest request) {
        String contentType = request.header("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith(Answer.JSON_API)) {
            return Answer.error(415, "Unsupported Media Type", "Use Content-Type: " + Answer.JSON_API);
        }
        Object root;
        try {
            root = Json.parse(request.bodyBytes());
        } catch (IOException e) {
            return Answer.error(400, "Malformed request body", "The body is not valid JSON");
        }
        if (!(root instanceof Map<?, ?> doc) || !(doc.get("data") instanceof Map<?, ?> data)) {
            return Answer.error(
                    422, "data is missing", "Send {\"data\":{\"type\":\"workflow_runs\",\"attributes\":{...}}}");
        }
        if (!"workflow_runs".equals(data.get("type"))) {
            return Answer.error(422, "type must be workflow_runs", null);
        }
        if (!(data.get("attributes") instanceof Map<?, ?> attributes)) {
            return Answer.error(422, "attributes is missing", null);
        }
        Answer invalid = invalid(attributes);
        if (invalid != null) {
            return invalid;
        }
        var workflow = state.workflow(request.workflow().orElseThrow());
        if (workflow.isEmpty()) {
            return notFound();
        }
        if (Boolean.TRUE.equals(attributes.get("check_conditions"))
                && !workflow.get().conditionsMet()) {
            return Answer.error(422, "Incident conditions are not satisfied", null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> attrs = (Map<String, Object>) attributes;
        EmulatedRun run = state.create(workflow.get(), attrs, requestId(attrs));
        return ok(201, JsonApiWriter.single(JsonApiWriter.run(run, state.now())));
    }

    /** Rootly's 422 for the first attribute it would refuse, or null when all are acceptable. */
    private static Answer invalid(Map<?, ?> attributes) {
        List<String> targets = JsonApiWriter.TARGETS.stream()
                .filter(t -> attributes.get(t) != null)
                .toList();
        if (targets.size() > 1) {
            return Answer.error(
                    422, "Only one of " + String.join(", ", JsonApiWriter.TARGETS) + " may be given", "Got " + targets);
        }
        for (String t : targets) {
            if (!(attributes.get(t) instanceof String s) || s.isBlank()) {
                return Answer.error(422, t + " must be a non-empty string", null);
            }
        }
        for (String flag : List.of("immediate", "check_conditions")) {
            Object v = attributes.get(flag);
            if (v != null && !(v instanceof Boolean)) {
                return Answer.error(422, flag + " must be true or false", null);
            }
        }
        if (attributes.containsKey("context") && !(attributes.get("context") instanceof Map)) {
            return Answer.error(422, "context must be an object", null);
        }
        return null;
    }

    private static String requestId(Map<String, Object> attributes) {
        return attributes.get("context") instanceof Map<?, ?> context
                        && context.get("ci") instanceof Map<?, ?> ci
                        && ci.get("request_id") instanceof String id
                ? id
                : null;
    }

    private Answer listRuns(ApiRequest request) {
        var workflow = state.workflow(request.workflow().orElseThrow());
        if (workflow.isEmpty()) {
            return notFound();
        }
        Paging paging;
        Predicate<Instant> createdAt;
        try {
            paging = paging(request.query());
            createdAt = createdAtFilter(request.query());
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "Invalid query parameter", e.getMessage());
        }
        Instant now = state.now();
        List<EmulatedRun> runs = state.runsOf(workflow.get()).stream()
                .filter(r -> createdAt.test(r.createdAt()) && r.listedAt(now))
                .toList();
        return ok(
                200,
                JsonApiWriter.page(
                        runs,
                        paging.number(),
                        paging.size(),
                        r -> JsonApiWriter.run(r, now),
                        n -> pageUrl(request, n)));
    }

    private Answer listWorkflows(ApiRequest request) {
        Paging paging;
        try {
            paging = paging(request.query());
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "Invalid query parameter", e.getMessage());
        }
        // Rootly's filters match loosely; clients must check for an exact match, and the emulator makes them.
        String slug = lower(request.query().get("filter[slug]"));
        String name = lower(request.query().get("filter[name]"));
        String search = lower(request.query().get("filter[search]"));
        List<Scenario.WorkflowSpec> found = state.scenario().workflows().stream()
                .filter(w -> (slug == null || w.slug().contains(slug))
                        && (name == null || lower(w.name()).contains(name))
                        && (search == null
                                || w.slug().contains(search)
                                || lower(w.name()).contains(search)))
                .toList();
        return ok(
                200,
                JsonApiWriter.page(
                        found, paging.number(), paging.size(), JsonApiWriter::workflow, n -> pageUrl(request, n)));
    }

    private static Answer ok(int status, Map<String, Object> document) {
        return Answer.json(status, Json.write(document));
    }

    private static Answer notFound() {
        return Answer.error(404, "Not found or unauthorized", null);
    }

    private static Paging paging(Map<String, String> query) {
        int number = intParam(query, "page[number]", 1);
        int size = intParam(query, "page[size]", DEFAULT_PAGE_SIZE);
        if (number < 1) {
            throw new IllegalArgumentException("page[number] must be 1 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page[size] must be between 1 and " + MAX_PAGE_SIZE);
        }
        return new Paging(number, size);
    }

    private static int intParam(Map<String, String> query, String name, int fallback) {
        String v = query.get(name);
        if (v == null) {
            return fallback;
        }
        // ASCII digits only: Integer.parseInt also takes other scripts' digits (e.g. U+0661), which Rootly refuses.
        String t = v.trim();
        if (!t.matches("-?[0-9]{1,9}")) {
            throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
        }
        return Integer.parseInt(t);
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

    private static String pageUrl(ApiRequest request, int number) {
        Map<String, String> q = new LinkedHashMap<>(request.query());
        q.put("page[number]", Integer.toString(number));
        StringBuilder b = new StringBuilder("http://")
                .append(request.header("Host").orElse("localhost"))
                .append(request.path())
                .append('?');
        q.forEach((k, v) -> b.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        return b.substring(0, b.length() - 1);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }
}
