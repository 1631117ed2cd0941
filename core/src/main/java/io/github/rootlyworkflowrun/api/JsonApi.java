package io.github.rootlyworkflowrun.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the JSON:API documents of the workflow-runs API, leniently: unknown fields are ignored. */
final class JsonApi {
    private static final Pattern HTML_TITLE =
            Pattern.compile("<title>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private JsonApi() {}

    static String createRunBody(CreateRunRequest request) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        if (request.target() != null) {
            attributes.put(request.target().kind().attribute(), request.target().id());
        }
        attributes.put("immediate", request.immediate());
        attributes.put("check_conditions", request.checkConditions());
        attributes.put("context", request.context());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "workflow_runs");
        data.put("attributes", attributes);
        return PlainJson.write(Map.of("data", data));
    }

    static String createPulseBody(CreatePulseRequest request) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("summary", request.summary());
        putIfPresent(attributes, "source", request.source());
        if (!request.serviceIds().isEmpty()) {
            attributes.put("service_ids", request.serviceIds());
        }
        if (!request.environmentIds().isEmpty()) {
            attributes.put("environment_ids", request.environmentIds());
        }
        if (!request.labels().isEmpty()) {
            attributes.put("labels", pairs(request.labels()));
        }
        if (!request.refs().isEmpty()) {
            attributes.put("refs", pairs(request.refs()));
        }
        putIfPresent(attributes, "external_url", request.externalUrl());
        putIfPresent(
                attributes, "started_at", request.startedAt() == null ? null : Timestamps.format(request.startedAt()));
        putIfPresent(attributes, "ended_at", request.endedAt() == null ? null : Timestamps.format(request.endedAt()));
        if (request.data() != null) {
            attributes.put("data", request.data());
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", "pulses");
        data.put("attributes", attributes);
        return PlainJson.write(Map.of("data", data));
    }

    private static void putIfPresent(Map<String, Object> into, String key, String value) {
        if (value != null) {
            into.put(key, value);
        }
    }

    private static List<Map<String, String>> pairs(List<KeyValue> values) {
        List<Map<String, String>> list = new ArrayList<>();
        for (KeyValue kv : values) {
            Map<String, String> pair = new LinkedHashMap<>();
            pair.put("key", kv.key());
            pair.put("value", kv.value());
            list.add(pair);
        }
        return list;
    }

    static Pulse pulse(String body) {
        return pulseFrom(data(read(body)));
    }

    static Page<Pulse> pulses(String body) {
        return page(read(body), JsonApi::pulseFrom);
    }

    static Page<CatalogEntry> catalog(String body) {
        return page(read(body), node -> {
            Map<?, ?> a = object(node.get("attributes"));
            return new CatalogEntry(text(node.get("id")), text(a.get("slug")), text(a.get("name")));
        });
    }

    private static Pulse pulseFrom(Map<?, ?> node) {
        Map<?, ?> a = object(node.get("attributes"));
        @SuppressWarnings("unchecked")
        Map<String, Object> data = a.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : null;
        return new Pulse(
                text(node.get("id")),
                text(a.get("summary")),
                text(a.get("source")),
                ids(a.get("service_ids"), a.get("services")),
                ids(a.get("environment_ids"), a.get("environments")),
                keyValues(a.get("labels")),
                keyValues(a.get("refs")),
                text(a.get("external_url")),
                text(a.get("started_at")),
                text(a.get("ended_at")),
                text(a.get("created_at")),
                data);
    }

    /** Ids from a list of ids, or else from the ids of a list of embedded objects (the spec's answer). */
    private static List<String> ids(Object idList, Object objects) {
        List<String> ids = new ArrayList<>();
        if (idList instanceof List<?> list) {
            list.stream().map(JsonApi::text).filter(java.util.Objects::nonNull).forEach(ids::add);
        } else if (objects instanceof List<?> list) {
            list.stream()
                    .map(o -> text(object(o).get("id")))
                    .filter(java.util.Objects::nonNull)
                    .forEach(ids::add);
        }
        return ids;
    }

    private static List<KeyValue> keyValues(Object value) {
        List<KeyValue> pairs = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                Map<?, ?> pair = object(item);
                String key = text(pair.get("key"));
                String v = text(pair.get("value"));
                if (key != null && v != null) {
                    pairs.add(new KeyValue(key, v));
                }
            }
        }
        return pairs;
    }

    static WorkflowRun run(String body) {
        return runFrom(data(read(body)));
    }

    static Page<WorkflowRun> runs(String body) {
        return page(read(body), JsonApi::runFrom);
    }

    static Workflow workflow(String body) {
        return workflowFrom(data(read(body)));
    }

    static Page<Workflow> workflows(String body) {
        return page(read(body), JsonApi::workflowFrom);
    }

    /** Rootly's words from an error body: JSON:API errors, the 429 {@code error} string, or an HTML title. */
    static String[] errorTitleAndDetail(String body, String contentType) {
        if (body == null || body.isBlank()) {
            return new String[] {null, null};
        }
        Object root;
        try {
            root = PlainJson.parse(body);
        } catch (IllegalArgumentException notJson) {
            // A proxy or load balancer answered with something that is not Rootly's JSON.
            root = null;
        }
        if (root instanceof Map<?, ?> document) {
            if (document.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
                List<String> titles = new ArrayList<>();
                List<String> details = new ArrayList<>();
                for (Object e : errors) {
                    Map<?, ?> error = object(e);
                    addText(titles, error.get("title"));
                    addText(details, error.get("detail"));
                }
                return new String[] {joinOrNull(titles), joinOrNull(details)};
            }
            if (document.get("error") instanceof String error) {
                return new String[] {error, null};
            }
        }
        Matcher m = HTML_TITLE.matcher(body);
        String title = m.find() ? m.group(1).replaceAll("\\s+", " ").trim() : null;
        String kind = contentType != null && contentType.contains("html") || title != null
                ? "an HTML page"
                : "a non-JSON body";
        return new String[] {
            title, "answered with " + kind + ", not Rootly's JSON; a proxy or load balancer may be in the way"
        };
    }

    private static void addText(List<String> into, Object value) {
        if (value instanceof String text && !text.isBlank()) {
            into.add(text);
        }
    }

    private static String joinOrNull(List<String> parts) {
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static Map<?, ?> read(String body) {
        Object root;
        try {
            root = PlainJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw new MalformedBodyException("not JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> document)) {
            throw new MalformedBodyException("expected a JSON object");
        }
        return document;
    }

    private static Map<?, ?> data(Map<?, ?> root) {
        Object data = root.get("data");
        if (!(data instanceof Map<?, ?> object) || !isScalar(object.get("id"))) {
            throw new MalformedBodyException("no data object with an id");
        }
        return object;
    }

    private static <T> Page<T> page(Map<?, ?> root, Function<Map<?, ?>, T> item) {
        if (!(root.get("data") instanceof List<?> data)) {
            throw new MalformedBodyException("no data array");
        }
        List<T> items = new ArrayList<>();
        for (Object node : data) {
            items.add(item.apply(object(node)));
        }
        Map<?, ?> meta = object(root.get("meta"));
        Integer currentPage = intOrNull(meta.get("current_page"));
        return new Page<>(
                items,
                currentPage == null ? 1 : currentPage,
                intOrNull(meta.get("next_page")),
                intOrNull(meta.get("total_count")),
                intOrNull(meta.get("total_pages")));
    }

    private static WorkflowRun runFrom(Map<?, ?> node) {
        Map<?, ?> a = object(node.get("attributes"));
        @SuppressWarnings("unchecked")
        Map<String, Object> context = a.get("context") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
        return new WorkflowRun(
                text(node.get("id")),
                text(a.get("kind")),
                text(a.get("status")),
                text(a.get("status_message")),
                text(a.get("triggered_by")),
                text(a.get("workflow_id")),
                text(a.get("workflow_name")),
                text(a.get("incident_id")),
                text(a.get("post_mortem_id")),
                text(a.get("action_item_id")),
                text(a.get("alert_id")),
                text(a.get("pulse_id")),
                text(a.get("queued_at")),
                text(a.get("started_at")),
                text(a.get("completed_at")),
                text(a.get("failed_at")),
                text(a.get("canceled_at")),
                text(a.get("created_at")),
                text(a.get("updated_at")),
                context);
    }

    private static Workflow workflowFrom(Map<?, ?> node) {
        Map<?, ?> a = object(node.get("attributes"));
        return new Workflow(
                text(node.get("id")),
                text(a.get("slug")),
                text(a.get("name")),
                text(object(a.get("trigger_params")).get("trigger_type")),
                a.get("enabled") instanceof Boolean enabled ? enabled : null);
    }

    /** The object itself, or an empty one where the document has no object: absent fields read as absent. */
    private static Map<?, ?> object(Object value) {
        return value instanceof Map<?, ?> map ? map : Map.of();
    }

    private static boolean isScalar(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean;
    }

    private static String text(Object value) {
        return isScalar(value) ? value.toString() : null;
    }

    /** A whole number within int range, also when sent as a string, as some servers do for paging fields. */
    private static Integer intOrNull(Object value) {
        if (value instanceof Number n && n.doubleValue() >= Integer.MIN_VALUE && n.doubleValue() <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.valueOf(s.strip());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    /** A 2xx body that is not the document expected. */
    static final class MalformedBodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message);
        }
    }
}
