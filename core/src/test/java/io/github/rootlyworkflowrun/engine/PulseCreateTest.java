package io.github.rootlyworkflowrun.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.rootlyworkflowrun.api.KeyValue;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.testing.ApiJson;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Resolving services and environments, creating the pulse once, and reconciling an ambiguous create. */
class PulseCreateTest extends PulseTestBase {

    private JsonNode sentAttributes() throws Exception {
        String body = rootly.seen().stream()
                .filter(s -> s.method().equals("POST"))
                .findFirst()
                .orElseThrow()
                .body();
        return ApiJson.MAPPER.readTree(body).path("data").path("attributes");
    }

    @Test
    void createsThePulseWithResolvedIdsLabelsRefsAndTimes() throws Exception {
        PulseSpec spec = spec().service("api")
                .service("Web frontend")
                .service(API_ID) // the same service by id: sent once
                .environment("production")
                .label("team=payments")
                .ciRefs(Map.of("commit_sha", "abc123"))
                .ref("image=api:1.4.2")
                .externalUrl("https://ci.example.com/build/42")
                .endedAt("2026-11-29T12:05:00+01:00")
                .dataJson("{\"version\":\"1.4.2\"}")
                .build();

        PulseResult result = pulse(spec);

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.buildResult()).isEqualTo(BuildResult.SUCCESS);
        assertThat(result.pulseId()).isEqualTo("pulse-1");
        assertThat(result.message()).isEqualTo("Created pulse pulse-1; not waiting for the workflows it triggers");
        assertThat(result.summary()).isEqualTo("Deploy api 1.4.2");
        assertThat(result.source()).isEqualTo("github-actions");
        assertThat(result.runs()).isEmpty();
        assertThat(rootly.count("POST", "/v1/pulses")).isEqualTo(1);

        JsonNode a = sentAttributes();
        assertThat(a.get("summary").asText()).isEqualTo("Deploy api 1.4.2");
        assertThat(a.get("source").asText()).isEqualTo("github-actions");
        assertThat(a.get("service_ids").toString()).isEqualTo("[\"" + API_ID + "\",\"" + WEB_ID + "\"]");
        assertThat(a.get("environment_ids").toString()).isEqualTo("[\"" + PROD_ID + "\"]");
        assertThat(a.get("labels").toString()).isEqualTo("[{\"key\":\"team\",\"value\":\"payments\"}]");
        assertThat(a.get("refs").toString())
                .isEqualTo("[{\"key\":\"commit_sha\",\"value\":\"abc123\"},{\"key\":\"image\",\"value\":\"api:1.4.2\"},"
                        + "{\"key\":\"request_id\",\"value\":\"req-1\"}]");
        assertThat(a.get("started_at").asText())
                .as("now, by the engine's clock")
                .isEqualTo("2026-11-29T12:00:00Z");
        assertThat(a.get("ended_at").asText()).isEqualTo("2026-11-29T11:05:00Z");
        assertThat(a.get("external_url").asText()).isEqualTo("https://ci.example.com/build/42");
        assertThat(a.get("data").toString()).isEqualTo("{\"version\":\"1.4.2\"}");

        assertThat(eventsOf(ProgressEvent.CatalogResolved.class))
                .extracting(e -> e.describe())
                .containsExactly(
                        "Service 'api' is API (" + API_ID + ")",
                        "Service 'Web frontend' is Web frontend (" + WEB_ID + ")",
                        "Environment 'production' is Production (" + PROD_ID + ")");
        assertThat(eventsOf(ProgressEvent.PulseCreated.class)).singleElement().satisfies(e -> assertThat(e.describe())
                .isEqualTo("Created pulse pulse-1: Deploy api 1.4.2"));

        PulseTicket t = result.ticket();
        assertThat(t.pulseId()).isEqualTo("pulse-1");
        assertThat(t.requestId()).isEqualTo("req-1");
        assertThat(t.pulseCreatedAt()).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(t.deadline()).isEqualTo(t.startedAt().plus(RunSpec.DEFAULT_TIMEOUT));
        assertThat(t.settle()).isEqualTo(PulseSpec.DEFAULT_SETTLE);
        assertThat(t.requestsSoFar())
                .isEqualTo(result.apiRequests())
                .isEqualTo(rootly.seen().size());
        assertThat(t.toString()).doesNotContain(TOKEN);
    }

    @Test
    void aLooseFilterMatchIsNotTakenForTheServiceNamed() {
        rootly.service("7d0c0b7e-0000-4000-8000-000000000001", "api-gateway", "API gateway");

        PulseResult result = pulse(spec().service("api").build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(rootly.pulses().get(0).get("attributes").get("services"))
                .extracting(n -> n.get("id").asText())
                .containsExactly(API_ID);
    }

    @Test
    void anUnknownServiceFailsNamingItAndCreatesNothing() {
        PulseResult result = pulse(spec().service("payments").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.exitCode()).isEqualTo(5);
        assertThat(result.message())
                .isEqualTo("No service matched 'payments' by id, slug or name. Use the service's id, exact slug or"
                        + " exact name, and check the token can see it; no pulse was created.");
        assertThat(result.pulseId()).isNull();
        assertThat(result.ticket()).isNull();
        assertThat(rootly.count("POST", "")).isZero();
        assertThat(rootly.seen())
                .extracting(s -> s.query().toString())
                .containsExactly(
                        "{filter[slug]=payments, page[number]=1, page[size]=100}",
                        "{filter[name]=payments, page[number]=1, page[size]=100}",
                        "{filter[search]=payments, page[number]=1, page[size]=100}");
    }

    @Test
    void anUnknownServiceNamesWhatRootlysSearchFindsAsCandidates() {
        PulseResult result = pulse(spec().service("api gateway").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .startsWith("No service matched 'api gateway' by id, slug or name; similar: 'API' (slug api, id "
                        + API_ID + ").");
        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void anUnknownEnvironmentNamesSimilarOnesAndCreatesNothing() {
        PulseResult result = pulse(spec().environment("prod").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .startsWith("No environment matched 'prod' by id, slug or name; similar: 'Production' (slug"
                        + " production, id " + PROD_ID + ").");
        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void aNameSharedBySeveralServicesNamesTheCandidatesAndCreatesNothing() {
        rootly.service("7d0c0b7e-0000-4000-8000-000000000002", "api-eu", "API");

        PulseResult result = pulse(spec().service("API").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .isEqualTo("The name 'API' matches 2 services: 'API' (slug api, id " + API_ID + "), 'API' (slug"
                        + " api-eu, id 7d0c0b7e-0000-4000-8000-000000000002). Use the id or slug of the one you"
                        + " mean; no pulse was created.");
        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void aRejectedCreateShowsRootlysWords() {
        rootly.on("POST", "/v1/pulses", status(422));

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .endsWith("/v1/pulses: HTTP 422 scripted 422. Rootly did not create the pulse; fix what its message"
                        + " says.");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
    }

    @Test
    void aBadTokenSaysWhereTheTokenCameFrom() {
        rootly.on("GET", "/v1/services", status(401));

        PulseResult result = pulse(spec().service("api").build());

        assertThat(result.message())
                .endsWith("Rootly rejected the API token; check the API token in ROOTLY_API_TOKEN.");
        assertThat(result.message()).doesNotContain(TOKEN);
        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void aTimeoutAfterSendingIsReconciledByRequestIdAndNeverResent() {
        rootly.createEvenWhenOverridden().on("POST", "/v1/pulses", stallAfterReading());

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.pulseId()).isEqualTo("pulse-1");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(eventsOf(ProgressEvent.PulseReconciling.class))
                .singleElement()
                .satisfies(e -> assertThat(e.describe())
                        .isEqualTo("Pulse create outcome unclear (no response, no answer in time); looking for a"
                                + " pulse with ref request_id=req-1"));
        assertThat(eventsOf(ProgressEvent.PulseReconciled.class))
                .extracting(ProgressEvent.PulseReconciled::pulseId)
                .containsExactly("pulse-1");
        assertThat(lastSearch())
                .containsEntry("filter[refs]", "request_id:req-1")
                .containsEntry("filter[created_at][gte]", "2026-11-29T11:45:00Z");
    }

    private Map<String, String> lastSearch() {
        return rootly.seen().stream()
                .filter(s -> s.method().equals("GET") && s.path().equals("/v1/pulses"))
                .map(s -> s.query())
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    @Test
    void aServerThatMisreadsTheRefsFilterStillLetsThePulseBeFound() {
        rootly.refsFilterMatchesNothing().createEvenWhenOverridden().on("POST", "/v1/pulses", status(502));

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.pulseId()).isEqualTo("pulse-1");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(lastSearch()).doesNotContainKey("filter[refs]");
    }

    @Test
    void aServerErrorWithNoPulseMadeIsOutcomeUnknownAfterThreeSearches() {
        rootly.on("POST", "/v1/pulses", status(503));

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .startsWith("Outcome unknown: the pulse create request POST ")
                .endsWith("/v1/pulses got no clear answer (HTTP 503) and no pulse carries ref request_id=req-1."
                        + " Check Rootly's pulses before trying again.");
        assertThat(rootly.count("POST", "")).as("never sent again").isEqualTo(1);
        assertThat(rootly.count("GET", "/v1/pulses"))
                .as("3 searches, each with and without the filter")
                .isEqualTo(6);
        assertThat(eventsOf(ProgressEvent.PulseSearchingAgain.class))
                .extracting(ProgressEvent.PulseSearchingAgain::delay)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));
        assertThat(result.pulseId()).isNull();
    }

    @Test
    void aFailedSearchAfterAnAmbiguousCreateSaysSo() {
        rootly.on("POST", "/v1/pulses", status(504));
        for (int i = 0; i < Retrier.MAX_ATTEMPTS; i++) {
            rootly.on("GET", "/v1/pulses", status(500));
        }

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("got no clear answer (HTTP 504), and the search for a pulse with ref request_id=req-1"
                        + " failed too (")
                .endsWith("). Check Rootly's pulses before trying again.");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
    }

    @Test
    void aRateLimitedCreateWaitsAsAskedAndCreatesOnce() {
        rootly.on("POST", "/v1/pulses", status(429, "Retry-After", "7"));

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(rootly.pulses()).hasSize(1);
        assertThat(rootly.count("POST", "")).isEqualTo(2);
        assertThat(eventsOf(ProgressEvent.RateLimited.class)).singleElement().satisfies(e -> assertThat(e.delay())
                .isEqualTo(Duration.ofSeconds(7)));
        List<Instant> posts = rootly.seen().stream()
                .filter(s -> s.method().equals("POST"))
                .map(s -> s.at())
                .toList();
        assertThat(Duration.between(posts.get(0), posts.get(1))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void aRateLimitPastTheCreateBoundFailsAtOnceWithoutSleeping() {
        rootly.on("POST", "/v1/pulses", status(429, "Retry-After", "3600"));

        PulseResult result = pulse(spec().build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message())
                .contains("The next attempt would be in 1h, past the 3m allowed for creating a pulse, so no pulse"
                        + " was created.");
        assertThat(result.elapsed()).isLessThan(Duration.ofMinutes(3));
        assertThat(rootly.pulses()).isEmpty();
    }

    @Test
    void cancellingWhileResolvingSendsNoCreate() {
        var future = engine.pulse(spec().service("api").build(), events::add);

        future.cancel(false);
        scheduler.runAll();

        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void adoptFindsThePulseOfALostAnswerByItsRequestId() {
        Instant started = scheduler.clock().instant();
        rootly.createEvenWhenOverridden().on("POST", "/v1/pulses", status(500));
        settle(engine.createPulse(spec().build(), events::add)); // made pulse-1; its answer was "lost"
        scheduler.clock().advance(Duration.ofMinutes(2));

        PulseResult adopted = settle(engine.adoptPulse(spec().build(), started, events::add));

        assertThat(adopted.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(adopted.pulseId()).isEqualTo("pulse-1");
        assertThat(adopted.message()).isEqualTo("Found pulse pulse-1 by its ref request_id=req-1");
        assertThat(adopted.ticket().startedAt()).isEqualTo(started);
        assertThat(adopted.ticket().deadline()).isEqualTo(started.plus(RunSpec.DEFAULT_TIMEOUT));
        assertThat(rootly.count("POST", "")).isEqualTo(1);
    }

    @Test
    void adoptWithNoPulseSaysTheCreateNeverArrived() {
        PulseResult adopted = settle(engine.adoptPulse(
                spec().requestId("req-9").build(), scheduler.clock().instant(), events::add));

        assertThat(adopted.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(adopted.message())
                .isEqualTo("No pulse carries ref request_id=req-9, so the create never reached Rootly; run the step"
                        + " again.");
        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void theRequestIdRefIsAlwaysLastAndUnique() {
        Map<String, String> ci = new java.util.LinkedHashMap<>();
        ci.put("a", "0");
        ci.put("ref", "main");
        PulseSpec spec = spec().ref("a", "1").ciRefs(ci).build();

        assertThat(spec.refs())
                .as("CI refs first, a user value winning in place, request_id last")
                .containsExactly(
                        new KeyValue("a", "1"), new KeyValue("ref", "main"), new KeyValue("request_id", "req-1"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "403|The API token may not do this; use a token whose role may create pulses",
                "404|Rootly has no such endpoint or resource for this token; check the API URL http://",
                "400|Rootly refused the request and created no pulse; fix what its message says",
                "301|Check the API URL: http://",
            })
    void aRefusedLookupSaysWhatToDoAndCreatesNothing(int status, String next) {
        rootly.on("GET", "/v1/services", status(status));

        PulseResult result = pulse(spec().service("api").build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("/v1/services: HTTP " + status).contains(next);
        assertThat(rootly.count("POST", "")).isZero();
    }

    @Test
    void aContentTypeRefusalIsABugReportAndARateLimitThatNeverEndsGivesUp() {
        rootly.on("POST", "/v1/pulses", status(415));
        assertThat(pulse(spec().build()).message()).endsWith("please report this as a bug.");

        for (int i = 0; i < Retrier.MAX_RATE_LIMITED_ATTEMPTS; i++) {
            rootly.on("POST", "/v1/pulses", status(429, "Retry-After", "1"));
        }
        PulseResult limited = pulse(spec().build());
        assertThat(limited.message())
                .endsWith("Rootly kept rate-limiting the request; try again later or raise your" + " API limits.");
        assertThat(rootly.pulses()).isEmpty();
    }

    @Test
    void anUnreachableApiSaysSoAndSendsNothing() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        PulseResult result = pulse(spec().apiUrl("http://127.0.0.1:" + port).build());

        assertThat(result.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(result.message()).contains("connection refused").endsWith("check the URL, DNS, proxy and network.");
    }

    @Test
    void anUnexpectedFailureAfterRootlyAnsweredIsReconciledNotReported() {
        RunEngine failing = RunEngine.builder()
                .scheduler(scheduler)
                .clock(scheduler.clock())
                .httpClient(RootlyClient.defaultHttpClient()
                        .addInterceptor(chain -> {
                            okhttp3.Response response = chain.proceed(chain.request());
                            if (chain.request().method().equals("POST")) {
                                response.close();
                                throw new IllegalStateException("a bug after the answer");
                            }
                            return response;
                        })
                        .build())
                .build();

        PulseResult result = settle(failing.pulse(spec().build(), events::add));

        assertThat(result.outcome()).isEqualTo(Outcome.CREATED);
        assertThat(result.pulseId()).isEqualTo("pulse-1");
        assertThat(rootly.count("POST", "")).isEqualTo(1);
        assertThat(eventsOf(ProgressEvent.PulseReconciling.class))
                .singleElement()
                .satisfies(e ->
                        assertThat(e.reason()).isEqualTo("unexpected IllegalStateException: a bug after the answer"));
        assertThat(eventsOf(ProgressEvent.PulseReconciled.class))
                .singleElement()
                .satisfies(e -> assertThat(e.describe())
                        .isEqualTo("Found the pulse created by the ambiguous request: pulse-1"));
    }

    @Test
    void theSearchReadsEveryPageOfPulses() {
        rootly.pageSize(1).refsFilterMatchesNothing();
        settle(engine.createPulse(spec().requestId("other-1").build(), events::add));
        settle(engine.createPulse(spec().requestId("other-2").build(), events::add));
        rootly.createEvenWhenOverridden().on("POST", "/v1/pulses", status(502));

        PulseResult result = pulse(spec().build());

        assertThat(result.pulseId()).isEqualTo("pulse-3");
        assertThat(rootly.seen())
                .filteredOn(s -> s.method().equals("GET") && !s.query().containsKey("filter[refs]"))
                .extracting(s -> s.query().get("page[number]"))
                .containsExactly("1", "2", "3");
    }

    @Test
    void aFailedSearchForALostAnswerSaysSo() {
        for (int i = 0; i < Retrier.MAX_ATTEMPTS; i++) {
            rootly.on("GET", "/v1/pulses", status(503));
        }

        PulseResult adopted =
                settle(engine.adoptPulse(spec().build(), scheduler.clock().instant(), events::add));

        assertThat(adopted.outcome()).isEqualTo(Outcome.REJECTED_OR_UNREACHABLE);
        assertThat(adopted.message())
                .contains("/v1/pulses: HTTP 503")
                .endsWith("Rootly kept failing, and no pulse was" + " created; try again later.");
        assertThat(eventsOf(ProgressEvent.PulseSearchingAgain.class)).isEmpty();
    }

    @Test
    void theSearchesPausesAreTold() {
        rootly.on("POST", "/v1/pulses", status(503));

        pulse(spec().build());

        assertThat(eventsOf(ProgressEvent.PulseSearchingAgain.class))
                .extracting(ProgressEvent::describe)
                .containsExactly(
                        "No pulse with ref request_id=req-1 yet; searching again in 2s",
                        "No pulse with ref request_id=req-1 yet; searching again in 5s");
    }
}
