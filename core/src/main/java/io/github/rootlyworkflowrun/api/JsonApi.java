package io.github.rootlyworkflowrun.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the JSON:API documents of the workflow-runs API, leniently: unknown fields are ignored. */
final class JsonApi {
    static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private static final Pattern HTML_TITLE =
            Pattern.compile("<title>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private JsonApi() {}

    static String createRunBody(CreateRunRequest request) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("type", "workflow_runs");
        ObjectNode attributes = data.putObject("attributes");
        if (request.target() != null) {
            attributes.put(request.target().kind().attribute(), request.target().id());
        }
        attributes.put("immediate", request.immediate());
        attributes.put("check_conditions", request.checkConditions());
        attributes.set("context", MAPPER.valueToTree(request.context()));
        return root.toString();
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
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root != null
                    && root.path("errors").isArray()
                    && !root.path("errors").isEmpty()) {
                List<String> titles = new ArrayList<>();
                List<String> details = new ArrayList<>();
                for (JsonNode e : root.path("errors")) {
                    addText(titles, e.path("title"));
                    addText(details, e.path("detail"));
                }
                return new String[] {joinOrNull(titles), joinOrNull(details)};
            }
            if (root != null && root.path("error").isTextual()) {
                return new String[] {root.path("error").asText(), null};
            }
        } catch (JsonProcessingException notJson) {
            // Fall through: a proxy or load balancer answered with something that is not Rootly's JSON.
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

    private static void addText(List<String> into, JsonNode node) {
        if (node.isTextual() && !node.asText().isBlank()) {
            into.add(node.asText());
        }
    }

    private static String joinOrNull(List<String> parts) {
        return parts.isEmpty() ? null : String.join("; ", parts);
    }

    private static JsonNode read(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedBodyException("expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedBodyException("not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode data(JsonNode root) {
        JsonNode data = root.path("data");
        if (!data.isObject() || !data.path("id").isValueNode()) {
            throw new MalformedBodyException("no data object with an id");
        }
        return data;
    }

    private static <T> Page<T> page(JsonNode root, Function<JsonNode, T> item) {
        JsonNode data = root.path("data");
        if (!data.isArray()) {
            throw new MalformedBodyException("no data array");
        }
        List<T> items = new ArrayList<>();
        for (JsonNode node : data) {
            items.add(item.apply(node));
        }
        JsonNode meta = root.path("meta");
        return new Page<>(
                items,
                meta.path("current_page").asInt(1),
                intOrNull(meta.path("next_page")),
                intOrNull(meta.path("total_count")),
                intOrNull(meta.path("total_pages")));
    }

    private static WorkflowRun runFrom(JsonNode node) {
        JsonNode a = node.path("attributes");
        Map<String, Object> context =
                a.path("context").isObject() ? MAPPER.convertValue(a.path("context"), MAP) : Map.of();
        return new WorkflowRun(
                text(node.path("id")),
                text(a.path("kind")),
                text(a.path("status")),
                text(a.path("status_message")),
                text(a.path("triggered_by")),
                text(a.path("workflow_id")),
                text(a.path("workflow_name")),
                text(a.path("incident_id")),
                text(a.path("post_mortem_id")),
                text(a.path("action_item_id")),
                text(a.path("alert_id")),
                text(a.path("pulse_id")),
                text(a.path("queued_at")),
                text(a.path("started_at")),
                text(a.path("completed_at")),
                text(a.path("failed_at")),
                text(a.path("canceled_at")),
                text(a.path("created_at")),
                text(a.path("updated_at")),
                context);
    }

    private static Workflow workflowFrom(JsonNode node) {
        JsonNode a = node.path("attributes");
        JsonNode enabled = a.path("enabled");
        return new Workflow(
                text(node.path("id")),
                text(a.path("slug")),
                text(a.path("name")),
                text(a.path("trigger_params").path("trigger_type")),
                enabled.isBoolean() ? enabled.asBoolean() : null);
    }

    private static String text(JsonNode node) {
        return node.isNull() || node.isMissingNode() || node.isContainerNode() ? null : node.asText();
    }

    private static Integer intOrNull(JsonNode node) {
        return node.canConvertToInt() && !node.isNull() ? node.asInt() : null;
    }

    /** A 2xx body that is not the document expected. */
    static final class MalformedBodyException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedBodyException(String message) {
            super(message);
        }
    }
}
