package io.github.rootlyworkflowrun.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The control API under {@code /_emulator/}: the ledger of runs, reset, fault injection and the clock. It needs no
 * token, since the emulator only listens on loopback by default and holds nothing secret.
 */
final class ControlHandler implements HttpHandler {
    private final EmulatorState state;
    private final EmulatorClock clock;
    private final WebhookSender webhooks;

    /** {@code webhooks} is null when the emulator sends none. */
    ControlHandler(EmulatorState state, EmulatorClock clock, WebhookSender webhooks) {
        this.state = state;
        this.clock = clock;
        this.webhooks = webhooks;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String what = exchange.getRequestURI().getPath().substring("/_emulator/".length());
            switch (method + " " + what) {
                case "GET runs" -> ApiHandler.sendJson(exchange, 200, ledger());
                case "GET stats" -> ApiHandler.sendJson(
                        exchange, 200, Map.of("requests", new java.util.TreeMap<>(state.requestCounts())));
                case "POST reset" -> {
                    state.reset();
                    ApiHandler.sendJson(exchange, 200, Map.of("reset", true));
                }
                case "GET faults" -> ApiHandler.sendJson(exchange, 200, faults());
                case "POST faults" -> {
                    try {
                        Object body = Json.parse(exchange.getRequestBody().readAllBytes());
                        List<?> given = body instanceof List<?> l ? l : java.util.Collections.singletonList(body);
                        List<Fault> faults = new ArrayList<>();
                        for (int i = 0; i < given.size(); i++) {
                            faults.add(
                                    ScenarioReader.fault(given.get(i), body instanceof List ? "fault " + i : "fault"));
                        }
                        faults.forEach(state::addFault); // all or none
                    } catch (IOException | IllegalArgumentException e) {
                        ApiHandler.sendError(exchange, 400, "Invalid fault", firstLine(e));
                        return;
                    }
                    ApiHandler.sendJson(exchange, 201, faults());
                }
                case "DELETE faults" -> {
                    state.clearFaults();
                    ApiHandler.sendJson(exchange, 200, faults());
                }
                case "GET webhooks" -> ApiHandler.sendJson(exchange, 200, webhooksJson());
                case "GET webhooks/faults" -> ApiHandler.sendJson(exchange, 200, webhookFaults());
                case "POST webhooks/faults" -> {
                    if (webhooks == null) {
                        webhooksOff(exchange);
                        return;
                    }
                    try {
                        Object body = Json.parse(exchange.getRequestBody().readAllBytes());
                        List<?> given = body instanceof List<?> l ? l : java.util.Collections.singletonList(body);
                        List<WebhookFault> faults = new ArrayList<>();
                        for (int i = 0; i < given.size(); i++) {
                            faults.add(ScenarioReader.webhookFault(
                                    given.get(i), body instanceof List ? "webhook fault " + i : "webhook fault"));
                        }
                        webhooks.addFaults(faults); // all or none
                    } catch (IOException | IllegalArgumentException e) {
                        ApiHandler.sendError(exchange, 400, "Invalid webhook fault", firstLine(e));
                        return;
                    }
                    ApiHandler.sendJson(exchange, 201, webhookFaults());
                }
                case "DELETE webhooks/faults" -> {
                    if (webhooks == null) {
                        webhooksOff(exchange);
                        return;
                    }
                    webhooks.clearFaults();
                    ApiHandler.sendJson(exchange, 200, webhookFaults());
                }
                case "GET clock" -> ApiHandler.sendJson(exchange, 200, clockJson());
                case "POST clock" -> {
                    try {
                        Object body = Json.parse(exchange.getRequestBody().readAllBytes());
                        clock.advance(Durations.parse(
                                body instanceof Map<?, ?> m && m.get("advance") instanceof String a ? a : ""));
                    } catch (IOException | IllegalArgumentException e) {
                        ApiHandler.sendError(exchange, 400, "Invalid clock change", "Send {\"advance\":\"30s\"}");
                        return;
                    }
                    ApiHandler.sendJson(exchange, 200, clockJson());
                }
                default -> ApiHandler.sendError(
                        exchange,
                        404,
                        "Unknown control endpoint",
                        "Use GET runs, GET stats, POST reset, GET/POST/DELETE faults, GET/POST clock, GET webhooks,"
                                + " GET/POST/DELETE webhooks/faults under /_emulator/");
            }
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    /** Runs that have started and every pulse; a pulse's runs that have yet to start are listed with it as pending. */
    private Map<String, Object> ledger() {
        Instant now = state.now();
        Map<String, Object> root = Json.object();
        List<EmulatedRun> all = state.runs();
        List<EmulatedRun> runs = state.runsStartedBy(now);
        root.put("count", runs.size());
        List<Object> list = new ArrayList<>();
        root.put("runs", list);
        for (EmulatedRun r : runs) {
            Map<String, Object> o = Json.object();
            list.add(o);
            o.put("id", r.id());
            o.put("workflow_id", r.workflow().id());
            o.put("workflow_slug", r.workflow().slug());
            o.put("created_at", JsonApiWriter.time(r.createdAt()));
            o.put("status", r.at(now).step().status());
            o.put("request_id", r.requestId());
            o.put("pulse_id", r.pulseId());
            o.put("triggered_by", r.triggeredBy());
            o.put("attributes", r.attributes());
        }
        Map<String, EmulatedRun> byId = new HashMap<>();
        all.forEach(r -> byId.put(r.id(), r));
        List<Object> pulses = new ArrayList<>();
        root.put("pulses", pulses);
        for (EmulatedPulse p : state.pulses()) {
            Map<String, Object> o = Json.object();
            pulses.add(o);
            o.put("id", p.id());
            o.put("summary", p.summary());
            o.put("source", p.source());
            o.put("labels", pairs(p.labels()));
            o.put("refs", pairs(p.refs()));
            o.put("created_at", JsonApiWriter.time(p.createdAt()));
            List<String> started = new ArrayList<>();
            List<Object> pending = new ArrayList<>();
            for (String id : p.runIds()) {
                EmulatedRun r = byId.get(id);
                if (r.startedBy(now)) {
                    started.add(id);
                } else {
                    Map<String, Object> w = Json.object();
                    w.put("workflow_slug", r.workflow().slug());
                    w.put("starts_at", JsonApiWriter.time(r.createdAt()));
                    pending.add(w);
                }
            }
            o.put("run_ids", started);
            o.put("pending_runs", pending);
        }
        root.put("webhook_deliveries", deliveries());
        return root;
    }

    private static void webhooksOff(HttpExchange exchange) throws IOException {
        ApiHandler.sendError(
                exchange,
                409,
                "Webhooks are off",
                "Start the emulator with --webhook-url and --webhook-secret-file (or the scenario's webhook key)");
    }

    private Map<String, Object> webhooksJson() {
        Map<String, Object> m = Json.object();
        // The URL only: the secret never leaves the sender; user info in the URL is masked like a password.
        m.put("url", webhooks == null ? null : masked(webhooks.url()));
        m.put("completed_with_errors", state.scenario().webhook().completedWithErrors());
        m.put(
                "faults",
                webhooks == null
                        ? List.of()
                        : webhooks.faults().stream().map(WebhookFault::toJson).toList());
        m.put("pending", webhooks == null ? 0 : webhooks.pending());
        m.put("deliveries", deliveries());
        return m;
    }

    private Map<String, Object> webhookFaults() {
        return Map.of(
                "faults",
                webhooks == null
                        ? List.of()
                        : webhooks.faults().stream().map(WebhookFault::toJson).toList());
    }

    static String masked(java.net.URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo(), "***");
    }

    private List<Object> deliveries() {
        List<Object> out = new ArrayList<>();
        if (webhooks == null) {
            return out;
        }
        for (RootlyEmulator.WebhookDelivery d : webhooks.deliveries()) {
            Map<String, Object> o = Json.object();
            o.put("event_id", d.eventId());
            o.put("type", d.type());
            o.put("run_id", d.runId());
            o.put("workflow_id", d.workflowId());
            o.put("status", d.status());
            o.put("faults", d.faults());
            o.put("copy", d.copy());
            o.put("timestamp", d.timestamp());
            o.put("http_status", d.httpStatus());
            o.put("error", d.error());
            out.add(o);
        }
        return out;
    }

    private static List<Object> pairs(List<RootlyEmulator.KeyValue> pairs) {
        List<Object> out = new ArrayList<>();
        for (RootlyEmulator.KeyValue kv : pairs) {
            Map<String, Object> m = Json.object();
            m.put("key", kv.key());
            m.put("value", kv.value());
            out.add(m);
        }
        return out;
    }

    private Map<String, Object> faults() {
        return Map.of("faults", state.faults().stream().map(Fault::toJson).toList());
    }

    private Map<String, Object> clockJson() {
        Map<String, Object> m = Json.object();
        m.put("now", JsonApiWriter.time(clock.instant()));
        m.put("offset_seconds", clock.offset().toSeconds());
        return m;
    }
}
