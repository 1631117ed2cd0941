package io.github.rootlyworkflowrun.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;

/**
 * The control API under {@code /_emulator/}: the ledger of runs, reset, fault injection and the clock. It needs no
 * token, since the emulator only listens on loopback by default and holds nothing secret.
 */
final class ControlHandler implements HttpHandler {
    private final EmulatorState state;
    private final EmulatorClock clock;

    ControlHandler(EmulatorState state, EmulatorClock clock) {
        this.state = state;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String what = exchange.getRequestURI().getPath().substring("/_emulator/".length());
            switch (method + " " + what) {
                case "GET runs" -> ApiHandler.sendJson(exchange, 200, ledger());
                case "GET stats" -> {
                    ObjectNode stats = JsonApiWriter.MAPPER.createObjectNode();
                    stats.set("requests", JsonApiWriter.MAPPER.valueToTree(state.requestCounts()));
                    ApiHandler.sendJson(exchange, 200, stats);
                }
                case "POST reset" -> {
                    state.reset();
                    ApiHandler.sendJson(
                            exchange,
                            200,
                            JsonApiWriter.MAPPER.createObjectNode().put("reset", true));
                }
                case "GET faults" -> ApiHandler.sendJson(exchange, 200, faults());
                case "POST faults" -> {
                    try {
                        JsonNode body = JsonApiWriter.MAPPER.readTree(exchange.getRequestBody());
                        for (JsonNode f : body != null && body.isArray()
                                ? body
                                : JsonApiWriter.MAPPER.createArrayNode().add(body)) {
                            state.addFault(JsonApiWriter.MAPPER.treeToValue(f, Fault.class));
                        }
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
                case "GET clock" -> ApiHandler.sendJson(exchange, 200, clockJson());
                case "POST clock" -> {
                    try {
                        JsonNode body = JsonApiWriter.MAPPER.readTree(exchange.getRequestBody());
                        clock.advance(Durations.parse(body.path("advance").asText()));
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
                        "Use GET runs, GET stats, POST reset, GET/POST/DELETE faults, GET/POST clock under /_emulator/");
            }
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }

    private ObjectNode ledger() {
        ObjectNode root = JsonApiWriter.MAPPER.createObjectNode();
        List<EmulatedRun> runs = state.runs();
        root.put("count", runs.size());
        ArrayNode list = root.putArray("runs");
        for (EmulatedRun r : runs) {
            ObjectNode o = list.addObject();
            o.put("id", r.id());
            o.put("workflow_id", r.workflow().id());
            o.put("workflow_slug", r.workflow().slug());
            o.put("created_at", JsonApiWriter.time(r.createdAt()));
            o.put("status", r.at(state.now()).step().status());
            o.put("request_id", r.requestId());
            o.set("attributes", r.attributes());
        }
        return root;
    }

    private ObjectNode faults() {
        ObjectNode root = JsonApiWriter.MAPPER.createObjectNode();
        root.set("faults", JsonApiWriter.MAPPER.valueToTree(state.faults()));
        return root;
    }

    private ObjectNode clockJson() {
        return JsonApiWriter.MAPPER
                .createObjectNode()
                .put("now", JsonApiWriter.time(clock.instant()))
                .put("offset_seconds", clock.offset().toSeconds());
    }
}
