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
        a.put("triggered_by", run.triggeredBy());
        a.put("user_id", run.triggeredBy().equals("user") ? 1 : null);
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
        trigger.put("triggers", w.triggers());
        if (w.pulseConditions() != null) {
            Scenario.PulseConditions c = w.pulseConditions();
            trigger.put("pulse_condition", c.match());
            trigger.put("pulse_condition_source", c.source().operator());
            trigger.put("pulse_condition_source_use_regexp", c.source().useRegexp());
            trigger.put("pulse_sources", c.source().values());
            trigger.put("pulse_condition_label", c.label().operator());
            trigger.put("pulse_condition_label_use_regexp", c.label().useRegexp());
            trigger.put("pulse_labels", c.label().values());
            trigger.put("pulse_condition_payload", "ANY");
            trigger.put("pulse_condition_payload_use_regexp", false);
            trigger.put("pulse_payload", List.of());
            trigger.put("pulse_query_payload", null);
        }
        a.put("trigger_params", trigger);
        a.put("created_at", "2026-01-20 09:44:49.530000-08:00");
        a.put("updated_at", "2026-01-20 09:44:49.759000-08:00");
        return data;
    }

    /** A pulse as {@code pulse_response_data}; its services and environments in full, as Rootly's example has them. */
    static Map<String, Object> pulse(EmulatedPulse p, EmulatorState state) {
        Map<String, Object> data = Json.object();
        data.put("id", p.id());
        data.put("type", "pulses");
        Map<String, Object> a = Json.object();
        data.put("attributes", a);
        a.put("short_id", null);
        a.put("source", p.source());
        a.put("summary", p.summary());
        a.put("labels", keyValues(p.labels()));
        a.put("refs", keyValues(p.refs()));
        a.put(
                "services",
                p.serviceIds().stream()
                        .map(id -> flat(service(state.service(id).orElseThrow())))
                        .toList());
        a.put(
                "environments",
                p.environmentIds().stream()
                        .map(id -> flat(environment(state.environment(id).orElseThrow())))
                        .toList());
        a.put("data", p.data());
        a.put("external_url", p.externalUrl());
        a.put("started_at", time(p.startedAt()));
        a.put("ended_at", time(p.endedAt()));
        a.put("created_at", time(p.createdAt()));
        a.put("updated_at", time(p.createdAt()));
        return data;
    }

    private static List<Map<String, Object>> keyValues(List<RootlyEmulator.KeyValue> pairs) {
        return pairs.stream()
                .map(kv -> {
                    Map<String, Object> m = Json.object();
                    m.put("key", kv.key());
                    m.put("value", kv.value());
                    return m;
                })
                .toList();
    }

    /** A resource's id and attributes in one object, the form a pulse embeds its services and environments in. */
    private static Map<String, Object> flat(Map<String, Object> resource) {
        Map<String, Object> m = Json.object();
        m.put("id", resource.get("id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) resource.get("attributes");
        m.putAll(attributes);
        return m;
    }

    static Map<String, Object> service(Scenario.ServiceSpec s) {
        Map<String, Object> data = Json.object();
        data.put("id", s.id());
        data.put("type", "services");
        Map<String, Object> a = Json.object();
        data.put("attributes", a);
        a.put("name", s.name());
        a.put("slug", s.slug());
        a.put("description", null);
        a.put("public_description", null);
        a.put("notify_emails", List.of());
        a.put("color", "#047BF8");
        a.put("position", 1);
        for (String external : List.of(
                "backstage_id",
                "external_id",
                "pagerduty_id",
                "opsgenie_id",
                "cortex_id",
                "service_now_ci_sys_id",
                "github_repository_name",
                "github_repository_branch",
                "gitlab_repository_name",
                "gitlab_repository_branch",
                "kubernetes_deployment_name",
                "alert_urgency_id",
                "escalation_policy_id")) {
            a.put(external, null);
        }
        a.put("environment_ids", List.of());
        a.put("service_ids", List.of());
        a.put("owner_group_ids", List.of());
        a.put("owner_user_ids", List.of());
        a.put("alerts_email_enabled", false);
        a.put("alerts_email_address", null);
        a.put("slack_channels", List.of());
        a.put("slack_aliases", List.of());
        a.put("alert_broadcast_enabled", false);
        a.put("alert_broadcast_channel", null);
        a.put("incident_broadcast_enabled", false);
        a.put("incident_broadcast_channel", null);
        a.put("created_at", "2026-01-20 09:47:37.173000-08:00");
        a.put("updated_at", "2026-01-20 09:47:37.173000-08:00");
        return data;
    }

    static Map<String, Object> environment(Scenario.EnvironmentSpec e) {
        Map<String, Object> data = Json.object();
        data.put("id", e.id());
        data.put("type", "environments");
        Map<String, Object> a = Json.object();
        data.put("attributes", a);
        a.put("name", e.name());
        a.put("slug", e.slug());
        a.put("description", null);
        a.put("notify_emails", List.of());
        a.put("color", "#8e8e2f");
        a.put("position", 1);
        a.put("slack_channels", List.of());
        a.put("slack_aliases", List.of());
        a.put("created_at", "2026-01-20 09:47:37.192000-08:00");
        a.put("updated_at", "2026-01-20 09:47:37.192000-08:00");
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
