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
            case CREATE_PULSE -> createPulse(request);
            case LIST_PULSES -> listPulses(request);
            case GET_PULSE -> state.pulse(request.pulse().orElseThrow())
                    .map(p -> ok(200, JsonApiWriter.single(JsonApiWriter.pulse(p, state))))
                    .orElseGet(EmulatedApi::notFound);
            case LIST_SERVICES -> listLookups(
                    request,
                    state.scenario().services(),
                    Scenario.ServiceSpec::slug,
                    Scenario.ServiceSpec::name,
                    JsonApiWriter::service);
            case LIST_ENVIRONMENTS -> listLookups(
                    request,
                    state.scenario().environments(),
                    Scenario.EnvironmentSpec::slug,
                    Scenario.EnvironmentSpec::name,
                    JsonApiWriter::environment);
        };
    }

    /** A JSON:API create body's attributes, or the answer that refuses the body. */
    private record Body(Map<String, Object> attributes, Answer refusal) {}

    private static Body body(ApiRequest request, String type) {
        String contentType = request.header("Content-Type").orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith(Answer.JSON_API)) {
            return refused(Answer.error(415, "Unsupported Media Type", "Use Content-Type: " + Answer.JSON_API));
        }
        Object root;
        try {
            root = Json.parse(request.bodyBytes());
        } catch (IOException e) {
            return refused(Answer.error(400, "Malformed request body", "The body is not valid JSON"));
        }
        if (!(root instanceof Map<?, ?> doc) || !(doc.get("data") instanceof Map<?, ?> data)) {
            return refused(Answer.error(
                    422, "data is missing", "Send {\"data\":{\"type\":\"" + type + "\",\"attributes\":{...}}}"));
        }
        if (!type.equals(data.get("type"))) {
            return refused(Answer.error(422, "type must be " + type, null));
        }
        if (!(data.get("attributes") instanceof Map<?, ?> attributes)) {
            return refused(Answer.error(422, "attributes is missing", null));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> attrs = (Map<String, Object>) attributes;
        return new Body(attrs, null);
    }

    private static Body refused(Answer answer) {
        return new Body(null, answer);
    }

    private Answer create(ApiRequest request) {
        Body body = body(request, "workflow_runs");
        if (body.refusal() != null) {
            return body.refusal();
        }
        Map<String, Object> attributes = body.attributes();
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
        EmulatedRun run = state.create(workflow.get(), attributes, requestId(attributes));
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
            createdAt = timeFilter(request.query(), "created_at");
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
        return listLookups(
                request,
                state.scenario().workflows(),
                Scenario.WorkflowSpec::slug,
                Scenario.WorkflowSpec::name,
                JsonApiWriter::workflow);
    }

    /** The attributes {@code new_pulse_data_attributes} allows; it is closed ({@code additionalProperties: false}). */
    private static final List<String> PULSE_ATTRIBUTES = List.of(
            "source",
            "summary",
            "service_ids",
            "environment_ids",
            "started_at",
            "ended_at",
            "external_url",
            "labels",
            "refs",
            "data");

    private Answer createPulse(ApiRequest request) {
        Body body = body(request, "pulses");
        if (body.refusal() != null) {
            return body.refusal();
        }
        Map<String, Object> a = body.attributes();
        EmulatedPulse draft;
        try {
            draft = pulseDraft(a);
        } catch (IllegalArgumentException e) {
            return Answer.error(422, e.getMessage(), null);
        }
        Answer unknown = unknownIds(
                "Service", draft.serviceIds(), id -> state.service(id).isPresent());
        if (unknown == null) {
            unknown = unknownIds("Environment", draft.environmentIds(), id -> state.environment(id)
                    .isPresent());
        }
        if (unknown != null) {
            return unknown;
        }
        EmulatedPulse pulse = state.createPulse(draft);
        return ok(201, JsonApiWriter.single(JsonApiWriter.pulse(pulse, state)));
    }

    /** The pulse the attributes describe, checked as Rootly checks them; the message names the first mistake. */
    private static EmulatedPulse pulseDraft(Map<String, Object> a) {
        for (String key : a.keySet()) {
            if (!PULSE_ATTRIBUTES.contains(key)) {
                throw new IllegalArgumentException(
                        "Unknown attribute '" + key + "'; a pulse takes " + String.join(", ", PULSE_ATTRIBUTES));
            }
        }
        Object summary = a.get("summary");
        if (summary != null && !(summary instanceof String)) {
            throw new IllegalArgumentException("Summary must be a string");
        }
        if (summary == null || ((String) summary).isBlank()) {
            throw new IllegalArgumentException("Summary can't be blank");
        }
        Object data = a.get("data");
        if (data != null && !(data instanceof Map)) {
            throw new IllegalArgumentException("Data must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> dataMap = (Map<String, Object>) data;
        return new EmulatedPulse(
                null,
                (String) summary,
                optionalString(a, "source", "Source"),
                ids(a, "service_ids", "Service ids"),
                ids(a, "environment_ids", "Environment ids"),
                optionalTime(a, "started_at", "Started at"),
                optionalTime(a, "ended_at", "Ended at"),
                optionalString(a, "external_url", "External url"),
                pairs(a, "labels", "Labels"),
                pairs(a, "refs", "Refs"),
                dataMap,
                null,
                List.of());
    }

    private static String optionalString(Map<String, Object> a, String key, String label) {
        Object v = a.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException(label + " must be a string");
        }
        return (String) v;
    }

    private static Instant optionalTime(Map<String, Object> a, String key, String label) {
        String v = optionalString(a, key, label);
        if (v == null) {
            return null;
        }
        try {
            return parseTime(v, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(label + " is not a date-time (ISO-8601): '" + v + "'");
        }
    }

    private static List<String> ids(Map<String, Object> a, String key, String label) {
        Object v = a.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list) || !list.stream().allMatch(i -> i instanceof String)) {
            throw new IllegalArgumentException(label + " must be a list of ids (strings)");
        }
        return list.stream().map(String.class::cast).distinct().toList();
    }

    private static List<RootlyEmulator.KeyValue> pairs(Map<String, Object> a, String key, String label) {
        Object v = a.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(label + " must be a list of {key, value} objects");
        }
        List<RootlyEmulator.KeyValue> out = new java.util.ArrayList<>();
        for (Object item : list) {
            if (item == null) {
                continue; // the spec lets an item be null
            }
            if (!(item instanceof Map<?, ?> m)
                    || !(m.get("key") instanceof String k)
                    || !(m.get("value") instanceof String value)) {
                throw new IllegalArgumentException(
                        label + " must be a list of {key, value} objects with string values");
            }
            if (k.isBlank()) {
                throw new IllegalArgumentException(label + " key can't be blank");
            }
            out.add(new RootlyEmulator.KeyValue(k, value));
        }
        return out;
    }

    /** ActiveRecord's words for ids that name nothing, as a Rails API such as Rootly's answers them; null if all exist. */
    private static Answer unknownIds(String model, List<String> ids, Predicate<String> exists) {
        List<String> missing = ids.stream().filter(exists.negate()).toList();
        if (missing.isEmpty()) {
            return null;
        }
        String title = ids.size() == 1
                ? "Couldn't find " + model + " with 'id'=" + missing.get(0)
                : "Couldn't find all " + model + "s with 'id': (" + String.join(", ", ids) + ") (found "
                        + (ids.size() - missing.size()) + " results, but was looking for " + ids.size() + ")";
        return Answer.error(422, title, "Unknown " + model.toLowerCase(Locale.ROOT) + " ids: " + missing);
    }

    private Answer listPulses(ApiRequest request) {
        Map<String, String> q = request.query();
        Paging paging;
        Predicate<EmulatedPulse> filter;
        try {
            paging = paging(q);
            Predicate<Instant> created = timeFilter(q, "created_at");
            Predicate<Instant> started = timeFilter(q, "started_at");
            Predicate<Instant> ended = timeFilter(q, "ended_at");
            Predicate<List<RootlyEmulator.KeyValue>> labels = pairFilter(q.get("filter[labels]"));
            Predicate<List<RootlyEmulator.KeyValue>> refs = pairFilter(q.get("filter[refs]"));
            String source = q.get("filter[source]");
            List<String> services = list(q.get("filter[services]"));
            List<String> environments = list(q.get("filter[environments]"));
            filter = p -> created.test(p.createdAt())
                    && started.test(p.startedAt())
                    && ended.test(p.endedAt())
                    && labels.test(p.labels())
                    && refs.test(p.refs())
                    && (source == null || source.equals(p.source()))
                    && services.stream().allMatch(s -> p.serviceIds().stream()
                            .anyMatch(id -> id.equals(s)
                                    || state.service(id)
                                            .map(x -> x.slug().equals(s))
                                            .orElse(false)))
                    && environments.stream().allMatch(e -> p.environmentIds().stream()
                            .anyMatch(id -> id.equals(e)
                                    || state.environment(id)
                                            .map(x -> x.slug().equals(e))
                                            .orElse(false)));
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "Invalid query parameter", e.getMessage());
        }
        List<EmulatedPulse> found = state.pulses().stream().filter(filter).toList();
        return ok(
                200,
                JsonApiWriter.page(
                        found,
                        paging.number(),
                        paging.size(),
                        p -> JsonApiWriter.pulse(p, state),
                        n -> pageUrl(request, n)));
    }

    /** Comma-separated items, trimmed, without empty ones. */
    private static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /**
     * {@code filter[labels]} and {@code filter[refs]}, which the spec types only as a string: comma-separated {@code
     * key:value} items (the form Rootly shows labels in), each of which a pulse must carry; a bare {@code key} asks
     * only that the key be there. The value is what follows the first colon, so it may hold colons itself.
     */
    private static Predicate<List<RootlyEmulator.KeyValue>> pairFilter(String value) {
        Predicate<List<RootlyEmulator.KeyValue>> p = pairs -> true;
        for (String item : list(value)) {
            int colon = item.indexOf(':');
            String key = colon < 0 ? item : item.substring(0, colon);
            String v = colon < 0 ? null : item.substring(colon + 1);
            p = p.and(pairs -> pairs.stream()
                    .anyMatch(kv ->
                            kv.key().equals(key) && (v == null || kv.value().equals(v))));
        }
        return p;
    }

    /** Workflows, services or environments, with Rootly's loose name, slug and search filters. */
    private <T> Answer listLookups(
            ApiRequest request,
            List<T> all,
            java.util.function.Function<T, String> slugOf,
            java.util.function.Function<T, String> nameOf,
            java.util.function.Function<T, Map<String, Object>> write) {
        Paging paging;
        try {
            paging = paging(request.query());
        } catch (IllegalArgumentException e) {
            return Answer.error(400, "Invalid query parameter", e.getMessage());
        }
        Predicate<String> slug = loose(request.query().get("filter[slug]"));
        Predicate<String> name = loose(request.query().get("filter[name]"));
        Predicate<String> search = loose(request.query().get("filter[search]"));
        List<T> found = all.stream()
                .filter(t -> slug.test(slugOf.apply(t))
                        && name.test(nameOf.apply(t))
                        && (search.test(slugOf.apply(t)) || search.test(nameOf.apply(t))))
                .toList();
        return ok(200, JsonApiWriter.page(found, paging.number(), paging.size(), write, n -> pageUrl(request, n)));
    }

    /** Rootly's filters match loosely (case-insensitive, part of the value); clients must check for an exact match. */
    private static Predicate<String> loose(String filter) {
        String f = lower(filter);
        return v -> f == null || lower(v).contains(f);
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

    /** The {@code filter[field][gt|gte|lt|lte]} bounds; a missing time (null) passes only when no bound is set. */
    private static Predicate<Instant> timeFilter(Map<String, String> query, String field) {
        Predicate<Instant> p = t -> true;
        for (String op : List.of("gt", "gte", "lt", "lte")) {
            String name = "filter[" + field + "][" + op + "]";
            String v = query.get(name);
            if (v == null) {
                continue;
            }
            Instant bound = parseTime(v, name);
            Predicate<Instant> within =
                    switch (op) {
                        case "gt" -> t -> t.isAfter(bound);
                        case "gte" -> t -> !t.isBefore(bound);
                        case "lt" -> t -> t.isBefore(bound);
                        default -> t -> !t.isAfter(bound);
                    };
            p = p.and(t -> t != null && within.test(t));
        }
        return p;
    }

    /** An ISO-8601 time with an offset, or Rootly's own form ({@code 2026-01-20 09:44:39.190000-08:00}). */
    static Instant parseTime(String v, String name) {
        String t = v.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException iso) {
            try {
                return OffsetDateTime.parse(t, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]xxx"))
                        .toInstant();
            } catch (DateTimeParseException rootly) {
                throw new IllegalArgumentException(name + " must be an ISO-8601 time, not '" + v + "'");
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
