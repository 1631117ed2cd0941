package io.github.rootlyworkflowrun.emulator;

import static io.github.rootlyworkflowrun.emulator.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault model on the pulse, service and environment routes, as on the run routes. */
class PulseFaultsTest {
    private static final String TOKEN = "t-pulse-faults";
    private static final String DEPLOY =
            "\"summary\":\"Deploy\",\"source\":\"jenkins\",\"labels\":[{\"key\":\"env\",\"value\":\"production\"}]";

    private RootlyEmulator emulator;
    private TestHttp http;

    @BeforeEach
    void start() {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .clock(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC))
                .start();
        http = new TestHttp(emulator, TOKEN);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void anAmbiguousPulseCreateMakesThePulseAndItsRunsThenDropsTheAnswer() throws Exception {
        emulator.inject(Fault.drop("create_pulse", "after", 1));
        assertThatThrownBy(() -> http.createPulse(DEPLOY)).isInstanceOf(IOException.class);

        assertThat(emulator.pulses()).singleElement().satisfies(p -> assertThat(p.summary())
                .isEqualTo("Deploy"));
        emulator.advanceClock(java.time.Duration.ofSeconds(2));
        assertThat(emulator.pulses().get(0).runIds())
                .as("the workflows it matched started as if the answer had arrived")
                .hasSize(2);
        assertThat(json(http.get("/v1/pulses?filter%5Bsource%5D=jenkins")).path("data"))
                .as("a client can find it by listing")
                .hasSize(1);
    }

    @Test
    void aPulseCreateDroppedBeforeOrAnsweredWithAnInjectedStatusMakesNothing() throws Exception {
        emulator.inject(Fault.drop("create_pulse", "before", 1));
        assertThatThrownBy(() -> http.createPulse(DEPLOY)).isInstanceOf(IOException.class);
        emulator.inject(Fault.status("create_pulse", 502, 1).asHtml());
        HttpResponse<String> bad = http.createPulse(DEPLOY);
        assertThat(bad.statusCode()).isEqualTo(502);
        assertThat(bad.body()).contains("<title>502 Bad Gateway</title>");
        emulator.inject(Fault.status("create_pulse", 429, 1).withHeaders(Map.of("Retry-After", "3")));
        HttpResponse<String> limited = http.createPulse(DEPLOY);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("3");

        assertThat(emulator.pulses()).isEmpty();
        assertThat(emulator.ledger()).isEmpty();
        assertThat(http.createPulse(DEPLOY).statusCode()).as("faults spent").isEqualTo(201);
    }

    @Test
    void listAndLookupRoutesTakeStatusMalformedAndAnyRouteFaults() throws Exception {
        String id = http.pulse(DEPLOY);
        emulator.inject(Fault.status("list_pulses", 503, 2));
        assertThat(http.get("/v1/pulses").statusCode()).isEqualTo(503);
        assertThat(http.get("/v1/services").statusCode())
                .as("other routes untouched")
                .isEqualTo(200);
        assertThat(http.get("/v1/pulses").statusCode()).isEqualTo(503);
        assertThat(http.get("/v1/pulses").statusCode()).isEqualTo(200);

        emulator.inject(Fault.malformed("get_pulse", 1));
        HttpResponse<String> malformed = http.get("/v1/pulses/" + id);
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(malformed.body()).startsWith("{\"data\": [truncated");

        http.control(
                "POST",
                "faults",
                "[{\"route\":\"list_environments\",\"times\":1,\"status\":500},"
                        + "{\"route\":\"list_services\",\"times\":1,\"status\":429,\"headers\":{\"Retry-After\":\"2\"}}]");
        assertThat(http.get("/v1/environments").statusCode()).isEqualTo(500);
        HttpResponse<String> limited = http.get("/v1/services");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(json(limited).path("error").asText()).isEqualTo("Rate limit exceeded. Try again later.");
        assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).isPresent();

        emulator.inject(Fault.status("any", 504, 1));
        assertThat(http.get("/v1/pulses/" + id).statusCode()).isEqualTo(504);

        JsonNode stats = http.control("GET", "stats", null).path("requests");
        assertThat(stats.path("list_pulses").asInt()).isEqualTo(3);
        assertThat(stats.path("get_pulse").asInt()).isEqualTo(2);
        assertThat(stats.path("list_environments").asInt()).isEqualTo(1);
        assertThat(stats.path("list_services").asInt()).isEqualTo(2);
    }

    @Test
    void runListFaultsHitThePulseWorkflowsRunsToo() throws Exception {
        http.pulse(DEPLOY);
        emulator.advanceClock(java.time.Duration.ofSeconds(2));
        String runs = "/v1/workflows/smoke-test-production/workflow_runs";
        emulator.inject(Fault.status("list_runs", 429, 1).withHeaders(Map.of("Retry-After", "1")));
        emulator.inject(Fault.status("list_runs", 503, 1));
        assertThat(http.get(runs).statusCode()).isEqualTo(429);
        assertThat(http.get(runs).statusCode()).isEqualTo(503);
        JsonNode ok = json(http.get(runs));
        assertThat(ok.path("data").path(0).path("attributes").path("pulse_id").asText())
                .isEqualTo(emulator.pulses().get(0).id());
    }

    @Test
    void scenarioFaultsNameTheNewRoutes() throws Exception {
        Scenario s = Scenario.parse("faults: [{route: create_pulse, times: 1, drop: after}, {route: get_pulse}]");
        assertThat(s.faults().get(0).route()).isEqualTo("create_pulse");
        assertThat(s.faults().get(1).appliesTo(Route.GET_PULSE)).isTrue();
        assertThat(s.faults().get(1).appliesTo(Route.LIST_PULSES)).isFalse();
        assertThatThrownBy(() -> Scenario.parse("faults: [{route: pulses}]"))
                .hasMessageContaining("create_pulse, list_pulses, get_pulse, list_services, list_environments");
    }
}
