package io.github.rootlyworkflowrun.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The seams: a plugged-in dispatcher, scenarios and faults built in code, and typed routes. */
class DispatcherAndBuildersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(RootlyEmulator e, String path, String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(e.baseUrl() + path))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDispatcherAnswersWhatItChoosesAndDelegatesTheRest() throws Exception {
        List<ApiRequest> seen = new CopyOnWriteArrayList<>();
        try (RootlyEmulator e = RootlyEmulator.builder()
                .token("t")
                .dispatcher(api -> request -> {
                    seen.add(request);
                    return request.route().equals(Optional.of(Route.LIST_RUNS))
                            ? Answer.json(200, "{\"data\":[],\"links\":{\"next\":\"loop\"}}")
                                    .withHeader("X-Staged", "yes")
                            : api.dispatch(request);
                })
                .start()) {
            HttpResponse<String> staged = get(e, "/v1/workflows/deploy-fails/workflow_runs?page%5Bsize%5D=5", "t");
            assertThat(staged.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(staged.body()).path("links").path("next").asText())
                    .isEqualTo("loop");
            assertThat(staged.headers().firstValue("X-Staged")).hasValue("yes");
            assertThat(staged.headers().firstValue("X-RateLimit-Remaining"))
                    .as("the rate limit still counts")
                    .isPresent();
            assertThat(seen.get(0).workflow()).hasValue("deploy-fails");
            assertThat(seen.get(0).query()).containsEntry("page[size]", "5");

            assertThat(JSON.readTree(get(e, "/v1/workflows", "t").body()).path("data"))
                    .as("delegated to the emulated API")
                    .hasSize(Scenario.defaults().workflows().size());
            assertThat(get(e, "/v1/workflows", "wrong").statusCode())
                    .as("authentication comes first")
                    .isEqualTo(401);
            assertThat(seen).hasSize(2);
        }
    }

    @Test
    void aDispatcherSeesThePulseIdInThePath() throws Exception {
        List<ApiRequest> seen = new CopyOnWriteArrayList<>();
        try (RootlyEmulator e = RootlyEmulator.builder()
                .token("t")
                .dispatcher(api -> request -> {
                    seen.add(request);
                    return api.dispatch(request);
                })
                .start()) {
            assertThat(get(e, "/v1/pulses/p%2D1", "t").statusCode()).isEqualTo(404);
            assertThat(get(e, "/v1/services", "t").statusCode()).isEqualTo(200);
            assertThat(seen.get(0).route()).contains(Route.GET_PULSE);
            assertThat(seen.get(0).pulse()).hasValue("p-1");
            assertThat(seen.get(0).workflow()).isEmpty();
            assertThat(seen.get(1).pulse()).isEmpty();
        }
    }

    @Test
    void aFailingDispatcherIsAnswered500AndFaultsStillApplyAroundIt() throws Exception {
        try (RootlyEmulator e = RootlyEmulator.builder()
                .token("t")
                .dispatcher(api -> request -> {
                    throw new IllegalStateException("boom");
                })
                .start()) {
            HttpResponse<String> r = get(e, "/v1/workflows", "t");
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(JSON.readTree(r.body())
                            .path("errors")
                            .path(0)
                            .path("detail")
                            .asText())
                    .contains("boom");

            e.inject(Fault.builder()
                    .route(Route.LIST_WORKFLOWS)
                    .times(1)
                    .status(503)
                    .header("Retry-After", "4")
                    .build());
            HttpResponse<String> injected = get(e, "/v1/workflows", "t");
            assertThat(injected.statusCode()).isEqualTo(503);
            assertThat(injected.headers().firstValue("Retry-After")).hasValue("4");
        }
    }

    @Test
    void aScenarioBuiltInCodeEqualsItsYamlForm() throws Exception {
        Scenario built = Scenario.builder()
                .workflow(Scenario.WorkflowSpec.builder("ok")
                        .name("OK")
                        .step("queued", Duration.ofMillis(200))
                        .step("started", Duration.ofSeconds(2))
                        .then("failed", "Task failed")
                        .build())
                .workflow(Scenario.WorkflowSpec.builder("guarded")
                        .conditionsMet(false)
                        .vanishAfter(Duration.ofSeconds(30))
                        .build())
                .rateLimit(5, Duration.ofSeconds(60), true)
                .seed(7)
                .build();
        Scenario parsed = Scenario.parse(
                """
                seed: 7
                rateLimit: {limit: 5, window: 60000ms, retryAfter: true}
                workflows:
                  - {slug: ok, name: OK, steps: [{status: queued, for: 200ms}, {status: started, for: 2000ms},
                     {status: failed, statusMessage: Task failed}]}
                  - {slug: guarded, conditionsMet: false, vanishAfter: 30000ms}
                """);
        assertThat(built).isEqualTo(parsed);
        assertThat(built.workflows().get(0).steps().get(1).length()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void faultsAreImmutableValuesThatCheckEachSetting() {
        Fault base = Fault.builder().route(Route.CREATE_RUN).times(2).build();
        Fault html = base.newBuilder().status(502).html().build();
        assertThat(base.status()).isNull();
        assertThat(html.status()).isEqualTo(502);
        assertThat(html.route()).isEqualTo("create");
        assertThat(html.appliesTo(Route.CREATE_RUN)).isTrue();
        assertThat(html.appliesTo(Route.LIST_RUNS)).isFalse();
        assertThat(Fault.status("any", 500, 1).appliesTo(Route.LIST_RUNS)).isTrue();
        assertThat(html.toJson())
                .containsEntry("route", "create")
                .containsEntry("times", 2)
                .containsEntry("status", 502)
                .containsEntry("html", true)
                .doesNotContainKeys("drop", "rate", "delay");

        assertThatThrownBy(() -> Fault.builder().times(0)).hasMessageContaining("times");
        assertThatThrownBy(() -> Fault.builder().rate(1.5)).hasMessageContaining("rate");
        assertThatThrownBy(() -> Fault.builder().status(42)).hasMessageContaining("status");
        assertThatThrownBy(() -> Fault.builder().route("nowhere")).hasMessageContaining("create");
        assertThatThrownBy(() -> Fault.drop("create", "sometimes", 1)).hasMessageContaining("before");
    }

    @Test
    void routesMatchByMethodAndPathPattern() {
        assertThat(Route.match("POST", List.of("v1", "workflows", "x", "workflow_runs")))
                .contains(Route.CREATE_RUN);
        assertThat(Route.match("GET", List.of("v1", "workflows", "x", "workflow_runs")))
                .contains(Route.LIST_RUNS);
        assertThat(Route.match("GET", List.of("v1", "workflows"))).contains(Route.LIST_WORKFLOWS);
        assertThat(Route.match("GET", List.of("v1", "workflows", "x"))).contains(Route.GET_WORKFLOW);
        assertThat(Route.match("PUT", List.of("v1", "workflows", "x", "workflow_runs")))
                .isEmpty();
        assertThat(Route.match("GET", List.of("v1", "workflows", "x", "other"))).isEmpty();
        assertThat(Route.match("POST", List.of("v1", "pulses"))).contains(Route.CREATE_PULSE);
        assertThat(Route.match("GET", List.of("v1", "pulses"))).contains(Route.LIST_PULSES);
        assertThat(Route.match("GET", List.of("v1", "pulses", "p"))).contains(Route.GET_PULSE);
        assertThat(Route.match("POST", List.of("v1", "pulses", "p"))).isEmpty();
        assertThat(Route.match("GET", List.of("v1", "services"))).contains(Route.LIST_SERVICES);
        assertThat(Route.match("GET", List.of("v1", "environments"))).contains(Route.LIST_ENVIRONMENTS);
        assertThat(Route.fromKey("create")).isEqualTo(Route.CREATE_RUN);
        assertThat(Route.fromKey("create_pulse")).isEqualTo(Route.CREATE_PULSE);
        assertThat(Route.CREATE_RUN.pattern()).isEqualTo("/v1/workflows/{workflow}/workflow_runs");
    }

    @Test
    void theControlApiListsFaultsInTheScenarioForm() throws Exception {
        try (RootlyEmulator e = RootlyEmulator.builder().start()) {
            String added = "[{\"route\":\"list_runs\",\"times\":3,\"status\":429,\"headers\":{\"Retry-After\":2}},"
                    + "{\"delay\":\"250ms\",\"drop\":\"before\"}]";
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create(e.baseUrl() + "/_emulator/faults"))
                            .POST(HttpRequest.BodyPublishers.ofString(added))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(201);
            JsonNode faults = JSON.readTree(r.body()).path("faults");
            assertThat(faults.path(0).path("headers").path("Retry-After").asText())
                    .isEqualTo("2");
            assertThat(faults.path(1).path("route").asText()).isEqualTo("any");
            assertThat(faults.path(1).path("delay").asText()).isEqualTo("250ms");

            HttpResponse<String> bad = http.send(
                    HttpRequest.newBuilder(URI.create(e.baseUrl() + "/_emulator/faults"))
                            .POST(HttpRequest.BodyPublishers.ofString("[{\"times\":1},{\"stauts\":503}]"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body())
                            .path("errors")
                            .path(0)
                            .path("detail")
                            .asText())
                    .contains("unknown key 'stauts' in fault 1");
            assertThat(JSON.readTree(get(e, "/_emulator/faults", "x").body()).path("faults"))
                    .as("none of a refused batch is added")
                    .hasSize(2);
        }
    }
}
