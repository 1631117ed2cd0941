package io.github.rootlyworkflowrun.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** Builds Rootly JSON:API bodies shaped like the spec's examples, for scripted MockWebServer responses. */
public final class ApiJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final String WORKFLOW_ID = "46a73bd2-22aa-4777-a871-0f853fce9257";

    private ApiJson() {}

    public static ObjectNode run(String id, String status, Instant createdAt, String requestId) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("id", id);
        data.put("type", "workflow_runs");
        ObjectNode a = data.putObject("attributes");
        a.put("kind", "incident");
        a.put("status", status);
        a.putNull("status_message");
        a.put("triggered_by", "user");
        a.put("user_id", 344);
        a.put("queued_at", createdAt.toString());
        a.putNull("started_at");
        a.put(
                "completed_at",
                "completed".equals(status) ? createdAt.plusSeconds(5).toString() : null);
        a.put("failed_at", "failed".equals(status) ? createdAt.plusSeconds(5).toString() : null);
        a.putNull("canceled_at");
        a.put("updated_at", createdAt.toString());
        a.put("created_at", createdAt.toString());
        a.putNull("incident_id");
        a.putNull("post_mortem_id");
        a.putNull("action_item_id");
        a.putNull("alert_id");
        a.putNull("pulse_id");
        a.put("workflow_id", WORKFLOW_ID);
        a.put("workflow_name", "Into the Wild");
        a.put("an_unknown_field", "ignored");
        if (requestId != null) {
            a.putObject("context").putObject("ci").put("request_id", requestId);
        }
        data.putObject("relationships").putObject("task_runs").putArray("data");
        return data;
    }

    public static String single(ObjectNode data) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("data", data);
        return root.toString();
    }

    public static String list(List<ObjectNode> items, int page, int totalPages) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode data = root.putArray("data");
        items.forEach(data::add);
        ObjectNode links = root.putObject("links");
        links.put("self", "https://api.rootly.com/v1/x?page[number]=" + page);
        links.put("first", "https://api.rootly.com/v1/x?page[number]=1");
        links.put("last", "https://api.rootly.com/v1/x?page[number]=" + totalPages);
        if (page < totalPages) {
            links.put("next", "https://api.rootly.com/v1/x?page[number]=" + (page + 1));
        } else {
            links.putNull("next");
        }
        links.putNull("prev");
        ObjectNode meta = root.putObject("meta");
        meta.put("current_page", page);
        if (page < totalPages) {
            meta.put("next_page", page + 1);
        } else {
            meta.putNull("next_page");
        }
        meta.putNull("prev_page");
        meta.put("total_count", items.size());
        meta.put("total_pages", totalPages);
        return root.toString();
    }

    public static String workflow(String id, String slug, String name) {
        ObjectNode data = workflowData(id, slug, name);
        ObjectNode root = MAPPER.createObjectNode();
        root.set("data", data);
        return root.toString();
    }

    public static ObjectNode workflowData(String id, String slug, String name) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("id", id);
        data.put("type", "workflows");
        ObjectNode a = data.putObject("attributes");
        a.put("name", name);
        a.put("slug", slug);
        a.put("enabled", true);
        a.putObject("trigger_params").put("trigger_type", "simple");
        a.put("created_at", "2026-01-20 09:44:49.530000-08:00");
        a.put("updated_at", "2026-01-20 09:44:49.759000-08:00");
        return data;
    }

    public static String errors(String title, int status) {
        return "{\"errors\":[{\"title\":\"" + title + "\",\"status\":\"" + status + "\"}]}";
    }
}
