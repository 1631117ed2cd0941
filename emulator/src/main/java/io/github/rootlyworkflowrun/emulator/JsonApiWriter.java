package io.github.rootlyworkflowrun.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Writes the JSON:API documents the Rootly API returns, in the shapes of its OpenAPI spec and examples. */
final class JsonApiWriter {
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

    static Map<String, Object> run(EmulatedRun run, Instant now) {
        EmulatedRun.Position p = run.at(now);
        String status = p.step().status();
        Map<String, Object> data = Json.object();
        data.put("id", run.id());
        data.put("type", "workflow_runs");
        Map<String, Object> a = Json.object();
        data.put("attributes", a);
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
            a.put(target, run.attributes().get(target) instanceof String s ? s : null);
        }
        a.put("workflow_id", run.workflow().id());
        a.put("workflow_name", run.workflow().name());
        a.put("context", run.attributes().get("context") instanceof Map<?, ?> c ? c : Json.object());
        data.put("relationships", Map.of("task_runs", Map.of("data", List.of())));
        return data;
    }

    static Map<String, Object> workflow(Scenario.WorkflowSpec w) {
        Map<String, Object> data = Json.object();
        data.put("id", w.id());
        data.put("type", "workflows");
        Map<String, Object> a = Json.object();
        data.put("attributes", a);
        a.put("name", w.name());
        a.put("slug", w.slug());
        a.put("description", null);
        a.put("command", null);
        a.put("wait", null);
        a.put("enabled", w.enabled());
        a.put("locked", false);
        a.put("position", 1);
        a.put("workflow_group_id", null);
        Map<String, Object> trigger = Json.object();
        trigger.put("trigger_type", w.triggerType());
        trigger.put("triggers", List.of());
        a.put("trigger_params", trigger);
        a.put("created_at", "2026-01-20 09:44:49.530000-08:00");
        a.put("updated_at", "2026-01-20 09:44:49.759000-08:00");
        return data;
    }

    static Map<String, Object> single(Map<String, Object> data) {
        Map<String, Object> root = Json.object();
        root.put("data", data);
        return root;
    }

    /** A page of items with {@code links} and {@code meta}; {@code pageUrl} renders the URL of a page number. */
    static <T> Map<String, Object> page(
            List<T> all,
            int number,
            int size,
            Function<T, Map<String, Object>> item,
            Function<Integer, String> pageUrl) {
        int pages = Math.max(1, (all.size() + size - 1) / size);
        int from = Math.min(all.size(), (number - 1) * size);
        int to = Math.min(all.size(), from + size);
        Map<String, Object> root = Json.object();
        root.put("data", all.subList(from, to).stream().map(item).toList());
        Map<String, Object> links = Json.object();
        links.put("self", pageUrl.apply(number));
        links.put("first", pageUrl.apply(1));
        links.put("prev", number > 1 ? pageUrl.apply(Math.min(number - 1, pages)) : null);
        links.put("next", number < pages ? pageUrl.apply(number + 1) : null);
        links.put("last", pageUrl.apply(pages));
        root.put("links", links);
        Map<String, Object> meta = Json.object();
        meta.put("current_page", number);
        meta.put("next_page", number < pages ? number + 1 : null);
        meta.put("prev_page", number > 1 ? Math.min(number - 1, pages) : null);
        meta.put("total_count", all.size());
        meta.put("total_pages", pages);
        root.put("meta", meta);
        return root;
    }

    static Map<String, Object> error(int status, String title, String detail) {
        Map<String, Object> e = Json.object();
        e.put("title", title);
        e.put("status", Integer.toString(status));
        if (detail != null) {
            e.put("detail", detail);
        }
        return Map.of("errors", List.of(e));
    }
}
