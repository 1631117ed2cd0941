package io.github.rootlyworkflowrun.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rootlyworkflowrun.testing.ApiJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** One exchange per call: what goes on the wire, and how every kind of answer is read. */
class RootlyClientTest extends ClientTestBase {
    private static final String SPEC_EXAMPLE_201 =
            """
            {"data":{"id":"e3c9ceb9-bed9-425c-9d89-6363f49624ac","type":"workflow_runs","attributes":{
              "kind":"incident","status":"queued","status_message":null,"triggered_by":"user","user_id":344,
              "queued_at":"2026-01-20 09:44:39.190000-08:00","started_at":null,"completed_at":null,
              "failed_at":null,"canceled_at":null,"updated_at":"2026-01-20 09:44:39.190000-08:00",
              "created_at":"2026-01-20 09:44:39.190000-08:00","incident_id":"1e18d7c1-0ffc-4069-8df0-d8fe19f778b1",
              "post_mortem_id":null,"action_item_id":null,"alert_id":null,"pulse_id":null,
              "workflow_id":"46a73bd2-22aa-4777-a871-0f853fce9257","workflow_name":"Into the Wild"},
              "relationships":{"task_runs":{"data":[]}}}}""";

    @Test
    void createSendsJsonApiWithBearerTokenAndReadsTheSpecExample() throws Exception {
        answer(201, SPEC_EXAMPLE_201, "Content-Type", "application/vnd.api+json");

        WorkflowRun run = client.createRun(new CreateRunRequest(
                "wf-1", new Target(Target.Kind.INCIDENT, "inc-1"), true, false, Map.of("k", "v"), null));

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/workflows/wf-1/workflow_runs");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tok-123");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/vnd.api+json");
        assertThat(request.getHeaders().get("Accept")).isEqualTo("application/vnd.api+json");
        assertThat(request.getHeaders().get("User-Agent")).isEqualTo("rootly-workflow-run/test");
        assertThat(ApiJson.MAPPER.readTree(request.getBody().utf8()))
                .isEqualTo(
                        ApiJson.MAPPER.readTree(
                                """
                        {"data":{"type":"workflow_runs","attributes":{"incident_id":"inc-1","immediate":true,
                        "check_conditions":false,"context":{"k":"v"}}}}"""));
        assertThat(run.id()).isEqualTo("e3c9ceb9-bed9-425c-9d89-6363f49624ac");
        assertThat(run.kind()).isEqualTo("incident");
        assertThat(run.queuedAt()).isEqualTo("2026-01-20 09:44:39.190000-08:00");
        assertThat(run.workflowName()).isEqualTo("Into the Wild");
        assertThat(run.incidentId()).isEqualTo("1e18d7c1-0ffc-4069-8df0-d8fe19f778b1");
        assertThat(run.runStatus()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.createdAtInstant()).isEqualTo(Instant.parse("2026-01-20T17:44:39.19Z"));
        assertThat(run.ciRequestId()).isNull();
        assertThat(run.context()).isEmpty();
        assertThat(client.requestCount()).isEqualTo(1);
    }

    @Test
    void listRunsSendsTheCreatedAtFilterAndPaging() throws Exception {
        answer(200, ApiJson.list(List.of(ApiJson.run("r1", "started", NOW, "q")), 2, 3));

        Page<WorkflowRun> page = client.listRuns("wf-1", NOW, 2, 100);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().queryParameter("filter[created_at][gte]")).isEqualTo("2026-11-29T12:00:00Z");
        assertThat(request.getUrl().queryParameter("page[number]")).isEqualTo("2");
        assertThat(request.getUrl().queryParameter("page[size]")).isEqualTo("100");
        assertThat(page.items()).singleElement().satisfies(r -> assertThat(r.ciRequestId())
                .isEqualTo("q"));
        assertThat(page.currentPage()).isEqualTo(2);
        assertThat(page.nextPage()).isEqualTo(3);
        assertThat(page.totalPages()).isEqualTo(3);
        assertThat(page.hasNext()).isTrue();
    }

    @Test
    void workflowsAreListedByFilterAndFetchedById() throws Exception {
        answer(200, ApiJson.list(List.of(ApiJson.workflowData("w1", "deploy", "Deploy")), 1, 1));
        answer(200, ApiJson.workflow("w1", "deploy", "Deploy"));

        Page<Workflow> page = client.listWorkflows("slug", "deploy", 1, 100);
        Workflow one = client.getWorkflow("deploy");

        assertThat(server.takeRequest().getUrl().queryParameter("filter[slug]")).isEqualTo("deploy");
        assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/workflows/deploy");
        assertThat(page.items()).containsExactly(new Workflow("w1", "deploy", "Deploy", "simple", true));
        assertThat(one).isEqualTo(page.items().get(0));
        assertThat(page.hasNext()).isFalse();
    }

    @Test
    void jsonApiErrorsAreJoinedIntoTitleAndDetail() {
        answer(
                422,
                "{\"errors\":[{\"title\":\"Incident conditions are not satisfied\",\"status\":\"422\",\"detail\":\"severity\"},"
                        + "{\"title\":\"Second\",\"status\":\"422\",\"code\":null,\"detail\":null}]}");

        assertThatThrownBy(() -> client.listRuns("wf-1", null, 1, 100))
                .isInstanceOfSatisfying(RootlyApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RootlyApiException.Kind.HTTP);
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.title()).isEqualTo("Incident conditions are not satisfied; Second");
                    assertThat(e.detail()).isEqualTo("severity");
                    assertThat(e.requestLine()).isEqualTo("GET " + server.url("/v1/workflows/wf-1/workflow_runs"));
                    assertThat(e.getMessage())
                            .isEqualTo(e.requestLine()
                                    + ": HTTP 422 Incident conditions are not satisfied; Second (severity)");
                });
    }

    @Test
    void rateLimitBodyIsNotJsonApiButIsStillRead() {
        answer(
                429,
                "{\"error\": \"Rate limit exceeded. Try again later.\"}",
                "X-RateLimit-Limit",
                "1000, 1000;window=3600",
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                Long.toString(NOW.getEpochSecond() + 30));

        assertThatThrownBy(() -> client.getWorkflow("x")).isInstanceOfSatisfying(RootlyApiException.class, e -> {
            assertThat(e.title()).isEqualTo("Rate limit exceeded. Try again later.");
            assertThat(e.rateLimit().limit()).isEqualTo(1000);
            assertThat(e.rateLimit().remaining()).isZero();
            assertThat(e.rateLimit().waitAfter429(NOW)).isEqualTo(Duration.ofSeconds(31));
        });
    }

    @Test
    void proxyHtmlAndEmptyBodiesAreNamedAsSuch() {
        answer(
                502,
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                "Content-Type",
                "text/html");
        answer(504, "");
        answer(200, "<html>captive portal</html>");

        assertThatThrownBy(() -> client.getWorkflow("x")).isInstanceOfSatisfying(RootlyApiException.class, e -> {
            assertThat(e.title()).isEqualTo("502 Bad Gateway");
            assertThat(e.detail()).contains("HTML page").contains("proxy");
        });
        assertThatThrownBy(() -> client.getWorkflow("x")).isInstanceOfSatisfying(RootlyApiException.class, e -> {
            assertThat(e.status()).isEqualTo(504);
            assertThat(e.title()).isEqualTo("Server Error");
        });
        assertThatThrownBy(() -> client.getWorkflow("x")).isInstanceOfSatisfying(RootlyApiException.class, e -> {
            assertThat(e.kind()).isEqualTo(RootlyApiException.Kind.BAD_RESPONSE);
            assertThat(e.title()).startsWith("unreadable response: not JSON");
        });
    }

    @Test
    void aRedirectIsNeverFollowedAndNamesTheAddressToUse() {
        // A cleartext-only client, as the CLI builds for http:// URLs: following the redirect would need TLS.
        RootlyClient plainHttp = RootlyClient.create(
                server.url("/").toString(),
                ApiToken.of("tok-123"),
                RootlyClient.defaultHttpClient()
                        .connectionSpecs(List.of(okhttp3.ConnectionSpec.CLEARTEXT))
                        .build(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                "rootly-workflow-run/test");
        answer(301, "", "Location", "https://api.example.test/v1/workflows/wf-1/workflow_runs?x=1");

        assertThatThrownBy(() -> plainHttp.createRun(new CreateRunRequest("wf-1", null, true, false, Map.of(), null)))
                .isInstanceOfSatisfying(RootlyApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RootlyApiException.Kind.HTTP);
                    assertThat(e.status()).isEqualTo(301);
                    assertThat(e.detail())
                            .isEqualTo("redirected to https://api.example.test/v1/workflows/wf-1/workflow_runs;"
                                    + " use https://api.example.test as the API URL");
                });
        assertThat(server.getRequestCount())
                .as("the POST was not turned into a GET elsewhere")
                .isEqualTo(1);
    }

    @Test
    void wellFormedJsonOfTheWrongShapeIsABadResponse() {
        answer(200, "[]");
        answer(200, "{\"data\":{}}");
        answer(200, "{\"data\":{\"id\":\"x\"}}");

        assertThatThrownBy(() -> client.getWorkflow("x")).hasMessageContaining("expected a JSON object");
        assertThatThrownBy(() -> client.getWorkflow("x")).hasMessageContaining("no data object with an id");
        assertThatThrownBy(() -> client.listRuns("w", null, 1, 1)).hasMessageContaining("no data array");
    }

    @Test
    void rateLimitHeadersInBothSpellingsAndRetryAfterForms() {
        RateLimit ietf = RateLimit.from(Headers.of("RateLimit-Remaining", "1", "RateLimit-Reset", "20"), NOW);
        assertThat(ietf.reset()).as("small values are seconds from now").isEqualTo(NOW.plusSeconds(20));
        assertThat(ietf.delayBeforeNext(NOW))
                .as("spread the rest of the window")
                .isEqualTo(Duration.ofSeconds(10));

        RateLimit plenty = RateLimit.from(Headers.of("X-RateLimit-Remaining", "500", "X-RateLimit-Reset", "20"), NOW);
        assertThat(plenty.delayBeforeNext(NOW)).isZero();

        RateLimit date = RateLimit.from(Headers.of("Retry-After", "Sun, 29 Nov 2026 12:00:09 GMT"), NOW);
        assertThat(date.waitAfter429(NOW)).isEqualTo(Duration.ofSeconds(9));
        assertThat(date.delayBeforeNext(NOW)).isZero();
        assertThat(RateLimit.from(Headers.of("Retry-After", "soon"), NOW).waitAfter429(NOW))
                .isNull();
        String past = Long.toString(NOW.getEpochSecond() - 10);
        assertThat(RateLimit.from(Headers.of("X-RateLimit-Reset", past), NOW).waitAfter429(NOW))
                .as("a reset already past still waits a second")
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(RateLimit.NONE.waitAfter429(NOW)).isNull();
    }

    @Test
    void statusesTimestampsAndTokensBehave() {
        assertThat(RunStatus.fromWire("completed_with_errors")).isEqualTo(RunStatus.COMPLETED_WITH_ERRORS);
        assertThat(RunStatus.fromWire("Paused")).isEqualTo(RunStatus.UNKNOWN);
        assertThat(RunStatus.fromWire(null)).isEqualTo(RunStatus.UNKNOWN);
        assertThat(RunStatus.CANCELED.isTerminal()).isTrue();
        assertThat(RunStatus.STARTED.isTerminal()).isFalse();
        assertThat(Timestamps.parse("2026-01-20T09:44:39Z")).isEqualTo(Instant.parse("2026-01-20T09:44:39Z"));
        assertThat(Timestamps.parse("2026-01-20 09:44-08:00")).isEqualTo(Instant.parse("2026-01-20T17:44:00Z"));
        assertThat(Timestamps.parse("yesterday")).isNull();
        assertThat(Timestamps.parse(" ")).isNull();
        assertThat(ApiToken.of(" t ")).isEqualTo(ApiToken.of("t")).hasSameHashCodeAs(ApiToken.of("t"));
        assertThat(ApiToken.of("t").toString()).isEqualTo("ApiToken[redacted]");
        assertThatThrownBy(() -> ApiToken.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RootlyClient.version()).isNotBlank().doesNotContain("${");
        assertThat(client.apiUrl()).isEqualTo(server.url("/").toString());
        assertThatThrownBy(() -> RootlyClient.create(
                        "nope",
                        ApiToken.of("t"),
                        RootlyClient.defaultHttpClient().build(),
                        Clock.systemUTC(),
                        "ua"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
