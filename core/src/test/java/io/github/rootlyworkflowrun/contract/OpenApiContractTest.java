package io.github.rootlyworkflowrun.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.api.ApiToken;
import io.github.rootlyworkflowrun.api.ClientAccess;
import io.github.rootlyworkflowrun.api.RootlyApiException;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import io.github.rootlyworkflowrun.testing.RecordingInterceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request the core client sends, and every response of the emulator (each endpoint, each error), checked
 * against Rootly's OpenAPI excerpt (a test resource) with a real validator.
 */
class OpenApiContractTest {
    private static final String TOKEN = "contract-token";

    private OpenApiContract contract;
    private ManualScheduler scheduler;
    private RootlyEmulator emulator;
    private final RecordingInterceptor recorder = new RecordingInterceptor();
    private OkHttpClient http;
    private RunEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        contract = OpenApiContract.load();
        scheduler = new ManualScheduler();
        emulator =
                RootlyEmulator.builder().token(TOKEN).clock(scheduler.clock()).start();
        http = RootlyClient.defaultHttpClient().addNetworkInterceptor(recorder).build();
        engine = RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(http)
                .build();
    }

    @AfterEach
    void tearDown() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private RunResult run(RunSpec spec) {
        CompletableFuture<RunResult> f = engine.run(spec, null);
        scheduler.runUntil(f);
        return f.join();
    }

    private RunSpec.Builder spec(String workflow) {
        return RunSpec.builder()
                .apiUrl(emulator.baseUrl())
                .token(TOKEN, "the test token")
                .workflow(workflow)
                .ciContext(Map.of("provider", "test"))
                .waitForCompletion(true);
    }

    @Test
    void everyClientRequestAndEmulatorResponseConforms() throws Exception {
        // Each outcome, by slug and by id; the unknown-status workflow is off-spec on purpose and left out.
        for (String slug :
                List.of("deploy-succeeds", "deploy-completes-with-errors", "deploy-fails", "deploy-is-canceled")) {
            assertThat(run(spec(slug).contextJson("{\"service\":\"api\"}").build())
                            .outcome())
                    .isNotEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        }
        run(spec(emulator.workflowId("deploy-succeeds"))
                .target(io.github.rootlyworkflowrun.api.Target.Kind.INCIDENT, "inc-1")
                .build());
        run(spec("deploy-stays-queued").timeout("30s").build());
        // Errors the client meets: 422 unmet conditions, 404 unknown workflow, 401 bad token, 429, injected 503.
        assertThat(run(spec("deploy-conditions-unmet").checkConditions(true).build())
                        .message())
                .contains("Incident conditions are not satisfied");
        assertThat(run(spec("00000000-0000-4000-8000-000000000000").build()).message())
                .contains("404");
        assertThat(run(RunSpec.builder()
                                .apiUrl(emulator.baseUrl())
                                .token("wrong", "x")
                                .workflow("deploy-fails")
                                .build())
                        .message())
                .contains("Invalid token");
        emulator.inject(Fault.status("list_runs", 429, 1));
        emulator.inject(Fault.status("list_runs", 503, 1));
        run(spec("deploy-succeeds").build());
        RootlyClient client =
                RootlyClient.create(emulator.baseUrl(), ApiToken.of(TOKEN), http, scheduler.clock(), "contract");
        ClientAccess.getWorkflow(client, "deploy-fails");
        ClientAccess.getWorkflow(client, emulator.workflowId("deploy-fails"));
        try {
            ClientAccess.getWorkflow(client, "no-such-workflow");
        } catch (RootlyApiException expected) {
            assertThat(expected.status()).isEqualTo(404);
        }

        List<RecordingInterceptor.Exchange> seen = recorder.exchanges();
        List<String> problems = new ArrayList<>();
        for (RecordingInterceptor.Exchange e : seen) {
            String p = contract.check(e);
            if (!p.isEmpty()) {
                problems.add(e.request().method() + " " + e.request().url() + " -> " + e.status() + "\n" + p);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(seen.stream()
                        .map(e -> e.request().method() + " " + e.status())
                        .collect(Collectors.toSet()))
                .contains("POST 201", "POST 422", "POST 404", "GET 200", "GET 401", "GET 404", "GET 429", "GET 503");
    }

    @Test
    void emulatorErrorsForOffSpecRequestsStillConform() throws Exception {
        String runs = emulator.baseUrl() + "/v1/workflows/deploy-succeeds/workflow_runs";
        MediaType jsonApi = MediaType.get("application/vnd.api+json");
        List<Request> offSpec = List.of(
                post(
                        runs,
                        "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{}}}",
                        MediaType.get("application/json")),
                post(runs, "{not json", jsonApi),
                post(
                        runs,
                        "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{\"incident_id\":\"a\",\"alert_id\":\"b\"}}}",
                        jsonApi),
                post(runs, "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{\"context\":[1]}}}", jsonApi),
                post(runs, "{\"data\":{\"type\":\"other\",\"attributes\":{}}}", jsonApi),
                get(runs + "?page%5Bsize%5D=1000"),
                get(runs + "?filter%5Bcreated_at%5D%5Bgte%5D=never"),
                get(emulator.baseUrl() + "/v1/workflows?page%5Bnumber%5D=0"));
        for (Request r : offSpec) {
            try (Response ignored = http.newCall(r).execute()) {
                // recorded by the interceptor
            }
        }

        List<RecordingInterceptor.Exchange> seen = recorder.exchanges();
        assertThat(seen)
                .extracting(RecordingInterceptor.Exchange::status)
                .containsExactly(415, 400, 422, 422, 422, 400, 400, 400);
        assertThat(seen).allSatisfy(e -> assertThat(contract.checkResponse(e))
                .as(e.request().url().toString())
                .isEmpty());
        assertThat(contract.check(seen.get(0)))
                .as("the validator does reject an off-spec request")
                .contains("contentType");
        assertThat(Set.copyOf(seen.stream()
                        .map(RecordingInterceptor.Exchange::contentType)
                        .toList()))
                .containsExactly("application/vnd.api+json");
    }

    private static Request post(String url, String body, MediaType type) {
        return new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + TOKEN)
                .post(RequestBody.create(body, type))
                .build();
    }

    private static Request get(String url) {
        return new Request.Builder()
                .url(url)
                .header("Authorization", "Bearer " + TOKEN)
                .build();
    }
}
