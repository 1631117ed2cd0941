package io.github.rootlyworkflowrun.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The emulator over a real socket: Rootly's behaviours, run progression, faults and the control API. */
class EmulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "t-emulator";
    private static final String RUN_BODY = "{\"data\":{\"type\":\"workflow_runs\",\"attributes\":{%s}}}";

    private final HttpClient http = HttpClient.newHttpClient();
    private RootlyEmulator emulator;

    @BeforeEach
    void start() {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .clock(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC))
                .start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> create(String workflow, String attributes) throws Exception {
        return send(
                "POST",
                "/v1/workflows/" + workflow + "/workflow_runs",
                RUN_BODY.formatted(attributes),
                "Authorization",
                "Bearer " + TOKEN,
                "Content-Type",
                "application/vnd.api+json");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null, "Authorization", "Bearer " + TOKEN);
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Test
    void createsARunShapedLikeTheSpecExampleAndEchoesContext() throws Exception {
        HttpResponse<String> r =
                create("deploy-succeeds", "\"incident_id\":\"inc-1\",\"context\":{\"ci\":{\"request_id\":\"q1\"}}");

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/vnd.api+json");
        JsonNode a = json(r).path("data").path("attributes");
        assertThat(a.path("status").asText()).isEqualTo("queued");
        assertThat(a.path("created_at").asText()).isEqualTo("2026-11-29 12:00:00.000000+00:00");
        assertThat(a.path("incident_id").asText()).isEqualTo("inc-1");
        assertThat(a.path("workflow_id").asText()).isEqualTo(emulator.workflowId("deploy-succeeds"));
        assertThat(a.path("workflow_name").asText()).isEqualTo("Deploy succeeds");
        assertThat(a.path("context").path("ci").path("request_id").asText()).isEqualTo("q1");
        assertThat(a.has("kind")).isTrue();
        assertThat(json(r).path("data")
                        .path("relationships")
                        .path("task_runs")
                        .path("data")
                        .isArray())
                .isTrue();
        assertThat(emulator.ledger()).singleElement().satisfies(e -> {
            assertThat(e.requestId()).isEqualTo("q1");
            assertThat(e.workflowSlug()).isEqualTo("deploy-succeeds");
        });
    }

    @Test
    void rootlysErrorsComeBackAsJsonApi() throws Exception {
        assertError(
                send(
                        "POST",
                        "/v1/workflows/deploy-succeeds/workflow_runs",
                        RUN_BODY.formatted(""),
                        "Authorization",
                        "Bearer wrong",
                        "Content-Type",
                        "application/vnd.api+json"),
                401,
                "Invalid token");
        assertError(
                send(
                        "POST",
                        "/v1/workflows/deploy-succeeds/workflow_runs",
                        RUN_BODY.formatted(""),
                        "Authorization",
                        "Bearer " + TOKEN,
                        "Content-Type",
                        "application/json"),
                415,
                "Unsupported Media Type");
        assertError(create("no-such-workflow", ""), 404, "Not found or unauthorized");
        assertError(
                create("deploy-conditions-unmet", "\"check_conditions\":true"),
                422,
                "Incident conditions are not satisfied");
        assertError(create("deploy-succeeds", "\"incident_id\":\"i\",\"alert_id\":\"a\""), 422, "Only one of");
        assertError(create("deploy-succeeds", "\"context\":[1]"), 422, "context must be an object");
        assertError(create("deploy-succeeds", "\"immediate\":\"yes\""), 422, "immediate must be true or false");
        assertError(
                send(
                        "POST",
                        "/v1/workflows/deploy-succeeds/workflow_runs",
                        "{not json",
                        "Authorization",
                        "Bearer " + TOKEN,
                        "Content-Type",
                        "application/vnd.api+json"),
                400,
                "Malformed request body");
        assertError(
                get("/v1/workflows/deploy-succeeds/workflow_runs?page%5Bsize%5D=101"), 400, "Invalid query parameter");
        assertError(
                get("/v1/workflows/deploy-succeeds/workflow_runs?page%5Bsize%5D=%D9%A1"),
                400,
                "Invalid query parameter"); // an Arabic-Indic digit one, which Integer.parseInt would take
        assertError(
                get("/v1/workflows/deploy-succeeds/workflow_runs?filter%5Bcreated_at%5D%5Bgte%5D=yesterday"),
                400,
                "Invalid query parameter");
        assertError(get("/v1/workflows/nope"), 404, "Not found or unauthorized");
        assertError(get("/v2/anything"), 404, "Not found or unauthorized");
        assertThat(emulator.ledger()).isEmpty();
        assertThat(create("deploy-conditions-unmet", "\"check_conditions\":false")
                        .statusCode())
                .isEqualTo(201);
    }

    private static void assertError(HttpResponse<String> r, int status, String title) throws IOException {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode e = json(r).path("errors").path(0);
        assertThat(e.path("title").asText()).contains(title);
        assertThat(e.path("status").asText()).isEqualTo(Integer.toString(status));
    }

    @Test
    void aBodyOverTheLimitIsAnswered413NotReset() throws Exception {
        for (int size : new int[] {(1 << 20) + 1, 5 << 20}) {
            char[] padding = new char[size];
            java.util.Arrays.fill(padding, 'x');
            HttpResponse<String> r = send(
                    "POST",
                    "/v1/workflows/deploy-succeeds/workflow_runs",
                    new String(padding),
                    "Authorization",
                    "Bearer " + TOKEN,
                    "Content-Type",
                    "application/vnd.api+json");
            assertError(r, 413, "Payload Too Large");
            assertThat(json(r).path("errors").path(0).path("detail").asText()).contains("1 MiB");
        }
        assertThat(emulator.ledger()).isEmpty();
        assertThat(create("deploy-succeeds", "").statusCode())
                .as("the server still answers")
                .isEqualTo(201);
    }

    @Test
    void runsProgressThroughTheirStepsAsTheClockMoves() throws Exception {
        create("deploy-fails", "");
        String path = "/v1/workflows/deploy-fails/workflow_runs";

        assertThat(json(get(path))
                        .path("data")
                        .path(0)
                        .path("attributes")
                        .path("status")
                        .asText())
                .isEqualTo("queued");
        emulator.advanceClock(Duration.ofMillis(1500));
        JsonNode started = json(get(path)).path("data").path(0).path("attributes");
        assertThat(started.path("status").asText()).isEqualTo("started");
        assertThat(started.path("started_at").asText()).isEqualTo("2026-11-29 12:00:01.000000+00:00");
        emulator.advanceClock(Duration.ofSeconds(2));
        JsonNode failed = json(get(path)).path("data").path(0).path("attributes");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("status_message").asText()).contains("escalation policy not found");
        assertThat(failed.path("failed_at").asText()).isEqualTo("2026-11-29 12:00:03.000000+00:00");
        assertThat(emulator.ledger()).singleElement().satisfies(e -> assertThat(e.status())
                .isEqualTo("failed"));
    }

    @Test
    void listsPageWithLinksAndMetaAndFilterByCreatedAt() throws Exception {
        for (int i = 0; i < 5; i++) {
            create("deploy-succeeds", "");
            emulator.advanceClock(Duration.ofMinutes(1));
        }
        JsonNode page2 = json(get("/v1/workflows/deploy-succeeds/workflow_runs?page%5Bsize%5D=2&page%5Bnumber%5D=2"));
        assertThat(page2.path("data")).hasSize(2);
        assertThat(page2.path("meta").path("current_page").asInt()).isEqualTo(2);
        assertThat(page2.path("meta").path("next_page").asInt()).isEqualTo(3);
        assertThat(page2.path("meta").path("prev_page").asInt()).isEqualTo(1);
        assertThat(page2.path("meta").path("total_count").asInt()).isEqualTo(5);
        assertThat(page2.path("meta").path("total_pages").asInt()).isEqualTo(3);
        assertThat(page2.path("links").path("next").asText()).contains("page%5Bnumber%5D=3");

        JsonNode recent = json(get(
                "/v1/workflows/deploy-succeeds/workflow_runs?filter%5Bcreated_at%5D%5Bgte%5D=2026-11-29T12:03:00Z"));
        assertThat(recent.path("data")).hasSize(2);
        assertThat(recent.path("meta").path("next_page").isNull()).isTrue();
        assertThat(recent.path("links").path("next").isNull()).isTrue();
        JsonNode rootlyForm = json(
                get(
                        "/v1/workflows/deploy-succeeds/workflow_runs?filter%5Bcreated_at%5D%5Blt%5D=2026-11-29%2012:01:00.000000%2B00:00"));
        assertThat(rootlyForm.path("data")).hasSize(1);
    }

    @Test
    void workflowFiltersMatchLooselyAsRootlysDo() throws Exception {
        JsonNode bySlug = json(get("/v1/workflows?filter%5Bslug%5D=deploy-fails"));
        assertThat(bySlug.path("data")).hasSize(1);
        JsonNode loose = json(get("/v1/workflows?filter%5Bname%5D=deploy"));
        assertThat(loose.path("data").size()).isEqualTo(7);
        JsonNode one = json(get("/v1/workflows/" + emulator.workflowId("deploy-fails")));
        assertThat(one.path("data").path("attributes").path("slug").asText()).isEqualTo("deploy-fails");
        assertThat(one.path("data")
                        .path("attributes")
                        .path("trigger_params")
                        .path("trigger_type")
                        .asText())
                .isEqualTo("simple");
    }

    @Test
    void rateLimitPerTokenWithRootlysHeadersAndBody() throws Exception {
        emulator.close();
        Scenario limited = new Scenario(
                Scenario.defaults().workflows(), new Scenario.RateLimitSpec(2, "60s", true), List.of(), 1L);
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(limited)
                .clock(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC))
                .start();

        HttpResponse<String> first = get("/v1/workflows");
        get("/v1/workflows");
        HttpResponse<String> third = get("/v1/workflows");

        assertThat(first.headers().firstValue("X-RateLimit-Limit")).hasValue("2, 2;window=60");
        assertThat(first.headers().firstValue("X-RateLimit-Remaining")).hasValue("1");
        assertThat(first.headers().firstValue("X-RateLimit-Used")).hasValue("1");
        assertThat(first.headers().firstValue("X-RateLimit-Reset"))
                .hasValue(Long.toString(Instant.parse("2026-11-29T12:01:00Z").getEpochSecond()));
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(json(third).path("error").asText()).isEqualTo("Rate limit exceeded. Try again later.");
        assertThat(third.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(create("deploy-succeeds", "").statusCode())
                .as("writes have their own budget")
                .isEqualTo(201);
        emulator.advanceClock(Duration.ofSeconds(60));
        assertThat(get("/v1/workflows").statusCode()).isEqualTo(200);
    }

    @Test
    void faultsFireOnTheirRouteForTheirCount() throws Exception {
        emulator.inject(Fault.status("list_runs", 503, 2).asHtml());
        String path = "/v1/workflows/deploy-succeeds/workflow_runs";

        HttpResponse<String> first = get(path);
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.body()).contains("<title>503 Service Unavailable</title>");
        assertThat(get("/v1/workflows").statusCode())
                .as("other routes untouched")
                .isEqualTo(200);
        assertThat(get(path).statusCode()).isEqualTo(503);
        assertThat(get(path).statusCode()).isEqualTo(200);
    }

    @Test
    void droppedBeforeCreatesNothingAndDroppedAfterCreatesARun() throws Exception {
        emulator.inject(Fault.drop("create", "before", 1));
        assertThatThrownBy(() -> create("deploy-succeeds", "")).isInstanceOf(IOException.class);
        assertThat(emulator.ledger()).isEmpty();

        emulator.inject(Fault.drop("create", "after", 1));
        assertThatThrownBy(() -> create("deploy-succeeds", "")).isInstanceOf(IOException.class);
        assertThat(emulator.ledger()).hasSize(1);
    }

    @Test
    void malformedAndDelayedAnswersAndHeaders() throws Exception {
        emulator.inject(Fault.malformed("create", 1));
        HttpResponse<String> malformed = create("deploy-succeeds", "");
        assertThat(malformed.statusCode()).isEqualTo(201);
        assertThatThrownBy(() -> json(malformed)).isInstanceOf(IOException.class);
        assertThat(emulator.ledger()).hasSize(1);

        emulator.inject(Fault.status("list_workflows", 429, 1).withHeaders(Map.of("Retry-After", "7")));
        HttpResponse<String> limited = get("/v1/workflows");
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(json(limited).path("error").asText()).contains("Rate limit");

        emulator.inject(Fault.delay("get_workflow", "300ms", 1));
        long t0 = System.nanoTime();
        assertThat(get("/v1/workflows/deploy-fails").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void faultsWithARateFireForTheSeededShare() throws Exception {
        emulator.inject(Fault.builder()
                .route(Route.LIST_WORKFLOWS)
                .rate(0.5)
                .status(500)
                .build());
        int failed = 0;
        for (int i = 0; i < 40; i++) {
            failed += get("/v1/workflows").statusCode() == 500 ? 1 : 0;
        }
        assertThat(failed).isBetween(8, 32);
    }

    @Test
    void controlApiListsResetsInjectsAndMovesTheClock() throws Exception {
        create("deploy-succeeds", "\"context\":{\"ci\":{\"request_id\":\"q9\"}}");
        JsonNode ledger = json(send("GET", "/_emulator/runs", null));
        assertThat(ledger.path("count").asInt()).isEqualTo(1);
        assertThat(json(send("GET", "/_emulator/stats", null))
                        .path("requests")
                        .path("create")
                        .asInt())
                .isEqualTo(1);
        assertThat(emulator.requestCounts()).containsEntry("create", 1);
        assertThat(ledger.path("runs").path(0).path("request_id").asText()).isEqualTo("q9");

        HttpResponse<String> added =
                send("POST", "/_emulator/faults", "[{\"route\":\"create\",\"times\":1,\"status\":502}]");
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(json(send("GET", "/_emulator/faults", null)).path("faults")).hasSize(1);
        assertThat(send("POST", "/_emulator/faults", "{\"route\":\"nowhere\"}").statusCode())
                .isEqualTo(400);
        assertThat(json(send("DELETE", "/_emulator/faults", null)).path("faults"))
                .isEmpty();

        JsonNode clock = json(send("POST", "/_emulator/clock", "{\"advance\":\"5m\"}"));
        assertThat(clock.path("now").asText()).isEqualTo("2026-11-29 12:05:00.000000+00:00");
        assertThat(send("POST", "/_emulator/clock", "{\"advance\":\"soon\"}").statusCode())
                .isEqualTo(400);
        assertThat(json(send("GET", "/_emulator/clock", null))
                        .path("offset_seconds")
                        .asInt())
                .isEqualTo(300);

        assertThat(send("POST", "/_emulator/reset", "").statusCode()).isEqualTo(200);
        assertThat(emulator.ledger()).isEmpty();
        assertThat(json(send("GET", "/_emulator/clock", null))
                        .path("offset_seconds")
                        .asInt())
                .isZero();
        assertThat(send("GET", "/_emulator/nothing", null).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownStatusAndVanishingRunsCanBeStaged() throws Exception {
        emulator.close();
        Scenario s = Scenario.parse(
                """
                workflows:
                  - slug: vanishes
                    vanishAfter: 10s
                    steps: [{status: queued, for: 1s}, {status: awaiting_approval}]
                """);
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(s)
                .clock(Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC))
                .start();
        create("vanishes", "");
        emulator.advanceClock(Duration.ofSeconds(2));
        assertThat(json(get("/v1/workflows/vanishes/workflow_runs"))
                        .path("data")
                        .path(0)
                        .path("attributes")
                        .path("status")
                        .asText())
                .isEqualTo("awaiting_approval");
        emulator.advanceClock(Duration.ofSeconds(10));
        assertThat(json(get("/v1/workflows/vanishes/workflow_runs")).path("data"))
                .isEmpty();
        assertThat(emulator.ledger()).hasSize(1);
    }
}
