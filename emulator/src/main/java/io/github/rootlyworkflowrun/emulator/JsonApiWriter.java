package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Writes the JSON:API documents the Rootly API returns, in the shapes of its OpenAPI spec and examples. */
final class JsonApiWriter {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Rootly's own timestamp form, e.g. {@code 2026-01-20 09:44:39.190000-08:00}. */
    private static final DateTimeFormatter ROOTLY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx");

    static final List<String> TARGETS =
            List.of("incident_id", "post_mortem_id", "action_item_id", "alert_id", "pulse_id");
    private static final Set<String> TERMINAL_STAMPS =
            Set.of("completed", "completed_with_errors", "failed", "canceled");

    private JsonApiWriter() {}

    static String time(Instant instant) {
        return instant == null ? null : ROOTLY_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    static ObjectNode run(EmulatedRun run, Instant now) {
        EmulatedRun.Position p = run.at(now);
        String status = p.step().status();
        ObjectNode data = MAPPER.createObjectNode();
        data.put("id", run.id());
        data.put("type", "workflow_runs");
        ObjectNode a = data.putObject("attributes");
        a.put("kind", run.workflow().triggerType());
        a.put("status", status);
        a.put("status_message", p.step().statusMessage());
        a.put("triggered_by", "user");
        a.put("user_id", 1);
        a.put("queued_at", time(run.createdAt()));
        a.put("started_at", time(p.startedAt()));
        boolean done = p.terminal() && TERMINAL_STAMPS.contains(status);
        a.put("completed_at", done && status.startsWith("completed") ? time(p.since()) : null);
        a.put("failed_at", done && status.equals("failed") ? time(p.since()) : null);
        a.put("canceled_at", done && status.equals("canceled") ? time(p.since()) : null);
        a.put("updated_at", time(p.since()));
        a.put("created_at", time(run.createdAt()));
        for (String target : TARGETS) {
            a.set(
                    target,
                    run.attributes().path(target).isTextual() ? run.attributes().get(target) : MAPPER.nullNode());
        }
        a.put("workflow_id", run.workflow().id());
        a.put("workflow_name", run.workflow().name());
        a.set(
                "context",
                run.attributes().path("context").isObject()
                        ? run.attributes().get("context")
                        : MAPPER.createObjectNode());
        data.putObject("relationships").putObject("task_runs").putArray("data");
        return data;
    }

    static ObjectNode workflow(Scenario.WorkflowSpec w) {
        ObjectNode data = MAPPER.createObjectNode();
        data.put("id", w.id());
        data.put("type", "workflows");
        ObjectNode a = data.putObject("attributes");
        a.put("name", w.name());
        a.put("slug", w.slug());
        a.putNull("description");
        a.putNull("command");
        a.putNull("wait");
        a.put("enabled", w.enabled());
        a.put("locked", false);
        a.put("position", 1);
        a.putNull("workflow_group_id");
        ObjectNode trigger = a.putObject("trigger_params");
        trigger.put("trigger_type", w.triggerType());
        trigger.putArray("triggers");
        a.put("created_at", "2026-01-20 09:44:49.530000-08:00");
        a.put("updated_at", "2026-01-20 09:44:49.759000-08:00");
        return data;
    }

    static ObjectNode single(ObjectNode data) {
        ObjectNode root = MAPPER.createObjectNode();
        root.set("data", data);
        return root;
    }

    /** A page of items with {@code links} and {@code meta}; {@code pageUrl} renders the URL of a page number. */
    static <T> ObjectNode page(
            List<T> all, int number, int size, Function<T, ObjectNode> item, Function<Integer, String> pageUrl) {
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int from = Math.min(all.size(), (number - 1) * size);
        int to = Math.min(all.size(), from + size);
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode data = root.putArray("data");
        all.subList(from, to).forEach(t -> data.add(item.apply(t)));
        ObjectNode links = root.putObject("links");
        links.put("self", pageUrl.apply(number));
        links.put("first", pageUrl.apply(1));
        links.put("prev", number > 1 ? pageUrl.apply(Math.min(number - 1, pages)) : null);
        links.put("next", number < pages ? pageUrl.apply(number + 1) : null);
        links.put("last", pageUrl.apply(pages));
        ObjectNode meta = root.putObject("meta");
        meta.put("current_page", number);
        if (number < pages) {
            meta.put("next_page", number + 1);
        } else {
            meta.putNull("next_page");
        }
        if (number > 1) {
            meta.put("prev_page", Math.min(number - 1, pages));
        } else {
            meta.putNull("prev_page");
        }
        meta.put("total_count", all.size());
        meta.put("total_pages", pages);
        return root;
    }

    static ObjectNode error(int status, String title, String detail) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode e = root.putArray("errors").addObject();
        e.put("title", title);
        e.put("status", Integer.toString(status));
        if (detail != null) {
            e.put("detail", detail);
        }
        return root;
    }
}
