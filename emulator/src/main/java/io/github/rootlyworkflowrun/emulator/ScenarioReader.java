package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns scenario text into a {@link Scenario}, naming the key at fault for any mistake. Files are read into plain
 * values first (YAML through jackson-dataformat-yaml's parser, JSON through jackson-jr), then checked key by key, so
 * neither databind nor YAML is needed to serve a scenario built in code.
 */
final class ScenarioReader {
    private static final Set<String> SCENARIO_KEYS =
            Set.of("workflows", "rateLimit", "faults", "seed", "services", "environments", "webhook");
    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "secretFile", "completedWithErrors", "faults");
    private static final Set<String> WEBHOOK_FAULT_KEYS =
            Set.of("kind", "times", "every", "delay", "staleBy", "eventType");
    private static final Set<String> LOOKUP_KEYS = Set.of("id", "slug", "name");
    private static final Set<String> WORKFLOW_KEYS = Set.of(
            "id",
            "slug",
            "name",
            "triggerType",
            "enabled",
            "conditionsMet",
            "steps",
            "vanishAfter",
            "triggers",
            "pulseConditions",
            "startAfter");
    private static final Set<String> PULSE_CONDITIONS_KEYS = Set.of("match", "source", "label");
    private static final Set<String> CONDITION_KEYS = Set.of("operator", "values", "useRegexp");
    private static final Set<String> STEP_KEYS = Set.of("status", "statusMessage", "for");
    private static final Set<String> RATE_LIMIT_KEYS = Set.of("limit", "window", "retryAfter");
    private static final Set<String> FAULT_KEYS =
            Set.of("route", "times", "rate", "delay", "status", "body", "html", "headers", "drop", "malformed");

    private ScenarioReader() {}

    /** YAML's reader, in its own class so that it loads (with the YAML stack) only when YAML is read. */
    private static final class Yaml {
        static final JSON READER = Json.json(new YAMLFactory());
    }

    static Scenario load(Path file) throws IOException {
        byte[] text = Files.readAllBytes(file);
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        return read(text, json, file.toAbsolutePath().getParent());
    }

    static Scenario parse(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), false, null);
    }

    /** {@code base}: the directory a relative {@code webhook.secretFile} is in; null for the working directory. */
    private static Scenario read(byte[] text, boolean json, Path base) throws IOException {
        // An empty file is an empty scenario (the emulator warns), not a parse error.
        if (new String(text, StandardCharsets.UTF_8).isBlank()) {
            return Scenario.builder().build();
        }
        Object doc = json ? Json.parse(text) : Json.read(Yaml.READER, text);
        return scenario(doc == null ? Map.of() : object(doc, "the scenario", SCENARIO_KEYS), base);
    }

    private static Scenario.WebhookSpec webhook(Object value, Path base) {
        if (value == null) {
            return null;
        }
        Map<String, Object> m = object(value, "webhook", WEBHOOK_KEYS);
        List<WebhookFault> faults = new ArrayList<>();
        List<Object> f = list(m.get("faults"), "webhook.faults");
        for (int i = 0; i < f.size(); i++) {
            faults.add(webhookFault(f.get(i), "webhook.faults[" + i + "]"));
        }
        String secretFile = string(m, "secretFile", "webhook");
        if (secretFile != null && base != null) {
            secretFile = base.resolve(secretFile).toString();
        }
        try {
            return new Scenario.WebhookSpec(
                    string(m, "url", "webhook"), secretFile, string(m, "completedWithErrors", "webhook"), faults);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook: " + e.getMessage(), e);
        }
    }

    /** A webhook fault in the scenario-file form, as {@code POST /_emulator/webhooks/faults} also takes it. */
    static WebhookFault webhookFault(Object value, String where) {
        Map<String, Object> m = object(value, where, WEBHOOK_FAULT_KEYS);
        String kind = string(m, "kind", where);
        if (kind == null) {
            throw new IllegalArgumentException(
                    where + ".kind is missing: drop, delay, duplicate, wrong_signature or stale_timestamp");
        }
        Integer times = integer(m, "times", where);
        Integer every = integer(m, "every", where);
        String delay = string(m, "delay", where);
        String staleBy = string(m, "staleBy", where);
        String eventType = string(m, "eventType", where);
        try {
            WebhookFault.Builder b = WebhookFault.builder(WebhookFault.Kind.fromKey(kind));
            if (times != null) {
                b.times(times);
            }
            if (every != null) {
                b.every(every);
            }
            if (delay != null) {
                b.delay(Durations.parse(delay));
            }
            if (staleBy != null) {
                b.staleBy(Durations.parse(staleBy));
            }
            return b.eventType(eventType).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Scenario scenario(Map<String, Object> m, Path base) {
        List<Scenario.WorkflowSpec> workflows = new ArrayList<>();
        List<Object> w = list(m.get("workflows"), "workflows");
        for (int i = 0; i < w.size(); i++) {
            workflows.add(workflow(object(w.get(i), "workflows[" + i + "]", WORKFLOW_KEYS), "workflows[" + i + "]"));
        }
        Scenario.RateLimitSpec rateLimit = null;
        if (m.get("rateLimit") != null) {
            Map<String, Object> r = object(m.get("rateLimit"), "rateLimit", RATE_LIMIT_KEYS);
            rateLimit = new Scenario.RateLimitSpec(
                    integer(r, "limit", "rateLimit"),
                    string(r, "window", "rateLimit"),
                    bool(r, "retryAfter", "rateLimit"));
        }
        List<Fault> faults = new ArrayList<>();
        List<Object> f = list(m.get("faults"), "faults");
        for (int i = 0; i < f.size(); i++) {
            faults.add(fault(f.get(i), "faults[" + i + "]"));
        }
        Object seed = m.get("seed");
        if (seed != null && !(seed instanceof Number n && n.longValue() == n.doubleValue())) {
            throw new IllegalArgumentException("seed must be a whole number, not '" + seed + "'");
        }
        List<Scenario.ServiceSpec> services = new ArrayList<>();
        List<Object> sv = list(m.get("services"), "services");
        for (int i = 0; i < sv.size(); i++) {
            String at = "services[" + i + "]";
            Map<String, Object> o = object(sv.get(i), at, LOOKUP_KEYS);
            services.add(new Scenario.ServiceSpec(string(o, "id", at), string(o, "slug", at), string(o, "name", at)));
        }
        List<Scenario.EnvironmentSpec> environments = new ArrayList<>();
        List<Object> ev = list(m.get("environments"), "environments");
        for (int i = 0; i < ev.size(); i++) {
            String at = "environments[" + i + "]";
            Map<String, Object> o = object(ev.get(i), at, LOOKUP_KEYS);
            environments.add(
                    new Scenario.EnvironmentSpec(string(o, "id", at), string(o, "slug", at), string(o, "name", at)));
        }
        return new Scenario(
                workflows,
                rateLimit,
                faults,
                seed == null ? null : ((Number) seed).longValue(),
                services,
                environments,
                webhook(m.get("webhook"), base));
    }

    private static Scenario.WorkflowSpec workflow(Map<String, Object> m, String where) {
        List<Scenario.Step> steps = new ArrayList<>();
        List<Object> s = list(m.get("steps"), where + ".steps");
        for (int i = 0; i < s.size(); i++) {
            String at = where + ".steps[" + i + "]";
            Map<String, Object> step = object(s.get(i), at, STEP_KEYS);
            steps.add(new Scenario.Step(
                    string(step, "status", at), string(step, "statusMessage", at), string(step, "for", at)));
        }
        Scenario.PulseConditions conditions = null;
        if (m.get("pulseConditions") != null) {
            String at = where + ".pulseConditions";
            Map<String, Object> c = object(m.get("pulseConditions"), at, PULSE_CONDITIONS_KEYS);
            Scenario.Condition source = condition(c.get("source"), at + ".source");
            Scenario.Condition label = condition(c.get("label"), at + ".label");
            try {
                conditions = new Scenario.PulseConditions(string(c, "match", at), source, label);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        List<String> triggers = m.get("triggers") == null ? null : strings(m.get("triggers"), where + ".triggers");
        try {
            return new Scenario.WorkflowSpec(
                    string(m, "id", where),
                    string(m, "slug", where),
                    string(m, "name", where),
                    string(m, "triggerType", where),
                    bool(m, "enabled", where),
                    bool(m, "conditionsMet", where),
                    steps,
                    string(m, "vanishAfter", where),
                    triggers,
                    conditions,
                    string(m, "startAfter", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static Scenario.Condition condition(Object value, String where) {
        if (value == null) {
            return null;
        }
        Map<String, Object> c = object(value, where, CONDITION_KEYS);
        try {
            return new Scenario.Condition(
                    string(c, "operator", where),
                    c.get("values") == null ? null : strings(c.get("values"), where + ".values"),
                    bool(c, "useRegexp", where));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static List<String> strings(Object value, String where) {
        List<String> out = new ArrayList<>();
        List<Object> items = list(value, where);
        for (int i = 0; i < items.size(); i++) {
            out.add(scalar(items.get(i), where + "[" + i + "]"));
        }
        return out;
    }

    /** A fault in the scenario-file form, as {@code POST /_emulator/faults} also takes it. */
    static Fault fault(Object value, String where) {
        Map<String, Object> m = object(value, where, FAULT_KEYS);
        Fault.Builder b = Fault.builder().route(string(m, "route", where));
        Integer times = integer(m, "times", where);
        if (times != null) {
            b.times(times);
        }
        if (m.get("rate") != null) {
            if (!(m.get("rate") instanceof Number rate)) {
                throw new IllegalArgumentException(where + ".rate must be a number between 0 and 1");
            }
            b.rate(rate.doubleValue());
        }
        String delay = string(m, "delay", where);
        if (delay != null) {
            b.delay(Durations.parse(delay));
        }
        Integer status = integer(m, "status", where);
        if (status != null) {
            b.status(status);
        }
        b.body(string(m, "body", where));
        if (Boolean.TRUE.equals(bool(m, "html", where))) {
            b.html();
        }
        if (m.get("headers") != null) {
            object(m.get("headers"), where + ".headers", null)
                    .forEach((k, v) -> b.header(k, scalar(v, where + ".headers." + k)));
        }
        String drop = string(m, "drop", where);
        if (drop != null) {
            b.drop(Fault.Builder.parseDrop(drop));
        }
        if (Boolean.TRUE.equals(bool(m, "malformed", where))) {
            b.malformed();
        }
        return b.build();
    }

    /** The value as an object whose keys are all in {@code known} (any keys when null). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String where, Set<String> known) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(where + " must be an object (key: value pairs)");
        }
        if (known != null) {
            for (Object key : map.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException("unknown key '" + key + "' in " + where + "; known keys: "
                            + String.join(", ", known.stream().sorted().toList()));
                }
            }
        }
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String where) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException(where + " must be a list");
        }
        return (List<Object>) value;
    }

    private static String string(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        return v == null ? null : scalar(v, where + "." + key);
    }

    private static String scalar(Object v, String where) {
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException(where + " must be a single value, not a list or object");
        }
        return String.valueOf(v);
    }

    private static Integer integer(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null) {
            return null;
        }
        try {
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                return Math.toIntExact(n.longValue());
            }
            if (v instanceof String s) {
                return Integer.parseInt(s.trim());
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + "." + key + " must be a whole number, not '" + v + "'");
    }

    private static Boolean bool(Map<String, Object> m, String key, String where) {
        Object v = m.get(key);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.valueOf((String) v);
        }
        throw new IllegalArgumentException(where + "." + key + " must be true or false, not '" + v + "'");
    }
}
