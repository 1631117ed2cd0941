package io.github.rootlyworkflowrun.emulator;

import static io.github.rootlyworkflowrun.emulator.TestHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outgoing webhooks to a real loopback receiver: events, Rootly's signature, every fault kind, asynchrony. */
class WebhookTest {
    private static final String TOKEN = "t-webhooks";
    private static final String SECRET = "whsec-3f1b9c27-only-in-this-test";
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    private final WebhookReceiver receiver = new WebhookReceiver();
    private RootlyEmulator emulator;
    private TestHttp http;

    private static Scenario scenario(Scenario.WebhookSpec webhook) {
        return Scenario.builder()
                .workflow(Scenario.WorkflowSpec.builder("deploy")
                        .step("queued", Duration.ofSeconds(1))
                        .step("started", Duration.ofSeconds(2))
                        .then("completed")
                        .build())
                .workflow(Scenario.WorkflowSpec.builder("partial")
                        .step("queued", Duration.ofSeconds(1))
                        .then("completed_with_errors", "1 of 3 tasks failed")
                        .build())
                .workflow(Scenario.WorkflowSpec.builder("fails")
                        .step("queued", Duration.ofSeconds(1))
                        .step("awaiting_approval", Duration.ofSeconds(1))
                        .then("failed")
                        .build())
                .workflow(Scenario.WorkflowSpec.builder("canceled")
                        .then("canceled")
                        .build())
                .workflow(Scenario.WorkflowSpec.builder("stays-queued")
                        .then("queued")
                        .build())
                .workflow(Scenario.WorkflowSpec.builder("on-pulse")
                        .startAfter(Duration.ofSeconds(3))
                        .step("queued", Duration.ofSeconds(1))
                        .then("completed")
                        .build())
                .webhook(webhook)
                .build();
    }

    private void start(Scenario.WebhookSpec webhook) {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(scenario(webhook))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .webhook(receiver.url(), SECRET)
                .start();
        http = new TestHttp(emulator, TOKEN);
    }

    @BeforeEach
    void startEmulator() {
        start(null);
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
        receiver.close();
    }

    private String run(String workflow) throws Exception {
        HttpResponse<String> r = http.createRun(workflow, "");
        assertThat(r.statusCode()).isEqualTo(201);
        return json(r).path("data").path("id").asText();
    }

    /** HMAC-SHA256 in hex, worked out here from the JDK alone, independently of the emulator's code. */
    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(signed.getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    /** Whether the signature header is Rootly's for this body with the test's secret and the given time. */
    private static void assertSigned(WebhookReceiver.Received r, long t) throws Exception {
        assertThat(r.signature()).isEqualTo("t=" + t + ",v1=" + hmac(SECRET, t + r.text()));
    }

    private static JsonNode body(WebhookReceiver.Received r) throws Exception {
        return TestHttp.JSON.readTree(r.body());
    }

    private static String type(WebhookReceiver.Received r) throws Exception {
        return body(r).path("event").path("type").asText();
    }

    @Test
    void everyStatusChangeIsASignedEventInRootlysShape() throws Exception {
        String id = run("deploy");
        WebhookReceiver.Received queued = receiver.next();
        emulator.advanceClock(Duration.ofSeconds(1));
        WebhookReceiver.Received started = receiver.next();
        emulator.advanceClock(Duration.ofSeconds(2));
        WebhookReceiver.Received completed = receiver.next();

        JsonNode q = body(queued);
        assertThat(q.path("event").path("type").asText()).isEqualTo("genius_workflow_run.queued");
        assertThat(q.path("event").path("issued_at").asText()).isEqualTo("2026-11-29T12:00:00Z");
        assertThat(q.path("data").path("id").asText()).isEqualTo(id);
        assertThat(q.path("data").path("genius_workflow_id").asText()).isEqualTo(emulator.workflowId("deploy"));
        assertThat(q.path("data").path("status").asText()).isEqualTo("queued");
        assertThat(TestHttp.JSON.readTree(queued.body()).fieldNames())
                .toIterable()
                .containsExactly("event", "data");
        assertThat(queued.contentType()).isEqualTo("application/json");
        assertSigned(queued, T0.getEpochSecond());
        assertThat(type(started)).isEqualTo("genius_workflow_run.started");
        assertThat(body(started).path("event").path("issued_at").asText()).isEqualTo("2026-11-29T12:00:01Z");
        assertSigned(started, T0.getEpochSecond() + 1);
        assertThat(type(completed)).isEqualTo("genius_workflow_run.completed");
        assertSigned(completed, T0.getEpochSecond() + 3);
        Set<String> ids = new HashSet<>();
        for (WebhookReceiver.Received r : List.of(queued, started, completed)) {
            ids.add(body(r).path("event").path("id").asText());
        }
        assertThat(ids).hasSize(3).allSatisfy(e -> assertThat(java.util.UUID.fromString(e))
                .isNotNull());

        assertThat(emulator.awaitWebhookDeliveries(3, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries()).allSatisfy(d -> {
            assertThat(d.runId()).isEqualTo(id);
            assertThat(d.httpStatus()).isEqualTo(202);
            assertThat(d.faults()).isEmpty();
            assertThat(d.error()).isNull();
        });
        assertThat(emulator.webhookDeliveries())
                .extracting(RootlyEmulator.WebhookDelivery::status)
                .containsExactly("queued", "started", "completed");
    }

    @Test
    void aClockJumpAnnouncesEachStatusPassedInOrderAndOnlyRootlysEventTypes() throws Exception {
        String fails = run("fails");
        String canceled = run("canceled");
        run("stays-queued");
        emulator.advanceClock(Duration.ofMinutes(1));

        List<WebhookReceiver.Received> got = receiver.next(4);
        List<String> seen = new java.util.ArrayList<>();
        for (WebhookReceiver.Received r : got) {
            seen.add(body(r).path("data").path("id").asText().equals(fails) ? "fails " + type(r) : type(r));
        }
        assertThat(seen)
                .as("awaiting_approval has no event; canceled at creation has no queued event")
                .containsExactlyInAnyOrder(
                        "fails genius_workflow_run.queued",
                        "genius_workflow_run.canceled",
                        "genius_workflow_run.queued",
                        "fails genius_workflow_run.failed")
                .containsSubsequence("fails genius_workflow_run.queued", "fails genius_workflow_run.failed");
        assertThat(emulator.awaitWebhookDeliveries(4, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries())
                .filteredOn(d -> d.runId().equals(canceled))
                .extracting(RootlyEmulator.WebhookDelivery::type)
                .containsExactly("genius_workflow_run.canceled");
    }

    @Test
    void completedWithErrorsIsSentAsCompletedUnlessTheScenarioSaysNone() throws Exception {
        run("partial");
        emulator.advanceClock(Duration.ofSeconds(1));
        List<WebhookReceiver.Received> got = receiver.next(2);
        assertThat(type(got.get(1))).isEqualTo("genius_workflow_run.completed");
        assertThat(body(got.get(1)).path("data").path("status").asText()).isEqualTo("completed_with_errors");

        emulator.close();
        start(new Scenario.WebhookSpec(null, null, "none", null));
        run("partial");
        assertThat(type(receiver.next())).isEqualTo("genius_workflow_run.queued");
        emulator.advanceClock(Duration.ofSeconds(1));
        run("canceled"); // a later event, so the absence of one for completed_with_errors is seen, not waited for
        assertThat(type(receiver.next())).isEqualTo("genius_workflow_run.canceled");
        assertThat(receiver.drain()).isEmpty();
        assertThat(emulator.awaitWebhookDeliveries(2, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries())
                .extracting(RootlyEmulator.WebhookDelivery::status)
                .containsExactly("queued", "canceled");
    }

    @Test
    void aPulsesRunsAreAnnouncedOnceTheyStart() throws Exception {
        String pulse = http.pulse("\"summary\":\"Deploy\"");
        run("canceled");
        assertThat(type(receiver.next())).isEqualTo("genius_workflow_run.canceled");
        emulator.advanceClock(Duration.ofSeconds(3));
        WebhookReceiver.Received queued = receiver.next();
        assertThat(type(queued)).isEqualTo("genius_workflow_run.queued");
        assertThat(body(queued).path("data").path("id").asText())
                .isEqualTo(emulator.pulses().get(0).runIds().get(0));
        assertThat(body(queued).path("event").path("issued_at").asText()).isEqualTo("2026-11-29T12:00:03Z");
        assertThat(pulse).isEqualTo(emulator.ledger().get(1).pulseId());
    }

    @Test
    void dropOnTheNextNAndOnEverySecondEvent() throws Exception {
        emulator.injectWebhookFault(
                WebhookFault.builder(WebhookFault.Kind.DROP).times(1).build());
        String first = run("canceled");
        String second = run("canceled");
        WebhookReceiver.Received r = receiver.next();
        assertThat(body(r).path("data").path("id").asText()).isEqualTo(second);
        assertThat(emulator.awaitWebhookDeliveries(2, WebhookReceiver.deadline()))
                .isTrue();
        RootlyEmulator.WebhookDelivery dropped = emulator.webhookDeliveries().get(0);
        assertThat(dropped.runId()).isEqualTo(first);
        assertThat(dropped.faults()).containsExactly("drop");
        assertThat(dropped.httpStatus()).isNull();
        assertThat(dropped.timestamp()).isNull();
        assertThat(dropped.error()).isEqualTo("dropped by a fault");

        http.control("POST", "reset", "");
        emulator.injectWebhookFault(
                WebhookFault.builder(WebhookFault.Kind.DROP).every(2).build());
        List<String> runs = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(run("canceled"));
        }
        List<WebhookReceiver.Received> got = receiver.next(3);
        assertThat(emulator.awaitWebhookDeliveries(6, WebhookReceiver.deadline()))
                .isTrue();
        List<String> delivered = new java.util.ArrayList<>();
        for (WebhookReceiver.Received x : got) {
            delivered.add(body(x).path("data").path("id").asText());
        }
        assertThat(delivered)
                .as("exactly the 1st, 3rd and 5th")
                .containsExactlyInAnyOrder(runs.get(0), runs.get(2), runs.get(4));
        assertThat(emulator.webhookDeliveries())
                .filteredOn(d -> d.faults().contains("drop"))
                .extracting(RootlyEmulator.WebhookDelivery::runId)
                .containsExactly(runs.get(1), runs.get(3), runs.get(5));
    }

    @Test
    void aDelayedEventWaitsForTheEmulatorsClock() throws Exception {
        emulator.injectWebhookFault(WebhookFault.builder(WebhookFault.Kind.DELAY)
                .delay(Duration.ofSeconds(2))
                .times(1)
                .build());
        String late = run("canceled");
        String onTime = run("canceled");
        WebhookReceiver.Received first = receiver.next();
        assertThat(body(first).path("data").path("id").asText()).isEqualTo(onTime);
        assertThat(http.control("GET", "webhooks", null).path("pending").asInt())
                .as("held until the clock moves")
                .isEqualTo(1);

        emulator.advanceClock(Duration.ofSeconds(2));
        WebhookReceiver.Received delayed = receiver.next();
        assertThat(body(delayed).path("data").path("id").asText()).isEqualTo(late);
        assertSigned(delayed, T0.getEpochSecond() + 2);
        assertThat(body(delayed).path("event").path("issued_at").asText())
                .as("issued when the status changed")
                .isEqualTo("2026-11-29T12:00:00Z");
        assertThat(emulator.awaitWebhookDeliveries(2, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries().get(1).faults()).containsExactly("delay 2000ms");
    }

    @Test
    void duplicateWrongSignatureAndStaleTimestamp() throws Exception {
        emulator.injectWebhookFault(
                WebhookFault.builder(WebhookFault.Kind.DUPLICATE).times(1).build());
        run("canceled");
        List<WebhookReceiver.Received> twice = receiver.next(2);
        assertThat(twice.get(0).body()).isEqualTo(twice.get(1).body());
        assertThat(twice.get(0).signature()).isEqualTo(twice.get(1).signature());
        assertSigned(twice.get(1), T0.getEpochSecond());

        emulator.injectWebhookFault(
                WebhookFault.builder(WebhookFault.Kind.WRONG_SIGNATURE).times(1).build());
        run("canceled");
        WebhookReceiver.Received forged = receiver.next();
        long t = T0.getEpochSecond();
        assertThat(forged.signature()).startsWith("t=" + t + ",v1=").matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(forged.signature()).isNotEqualTo("t=" + t + ",v1=" + hmac(SECRET, t + forged.text()));

        emulator.injectWebhookFault(
                WebhookFault.builder(WebhookFault.Kind.STALE_TIMESTAMP).times(1).build());
        run("canceled");
        WebhookReceiver.Received stale = receiver.next();
        assertSigned(stale, t - 600);

        emulator.injectWebhookFault(WebhookFault.builder(WebhookFault.Kind.STALE_TIMESTAMP)
                .staleBy(Duration.ofMinutes(6))
                .times(1)
                .build());
        run("canceled");
        assertSigned(receiver.next(), t - 360);

        assertThat(emulator.awaitWebhookDeliveries(5, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries())
                .extracting(d -> String.join(",", d.faults()) + "#" + d.copy())
                .containsExactly(
                        "duplicate#1",
                        "duplicate#2",
                        "wrong_signature#1",
                        "stale_timestamp 600s#1",
                        "stale_timestamp 360s#1");
    }

    @Test
    void faultsCanSeeOneEventTypeAndCombine() throws Exception {
        emulator.injectWebhookFault(WebhookFault.builder(WebhookFault.Kind.DROP)
                .eventType("genius_workflow_run.completed")
                .build());
        emulator.injectWebhookFault(WebhookFault.builder(WebhookFault.Kind.DUPLICATE)
                .eventType("genius_workflow_run.started")
                .build());
        emulator.injectWebhookFault(WebhookFault.builder(WebhookFault.Kind.WRONG_SIGNATURE)
                .eventType("genius_workflow_run.started")
                .build());
        run("deploy");
        emulator.advanceClock(Duration.ofSeconds(5));
        List<WebhookReceiver.Received> got = receiver.next(3);
        assertThat(emulator.awaitWebhookDeliveries(4, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries())
                .extracting(d -> d.status() + " " + d.faults())
                .containsExactlyInAnyOrder(
                        "queued []",
                        "started [duplicate, wrong_signature]",
                        "started [duplicate, wrong_signature]",
                        "completed [drop]");
        assertThat(got).filteredOn(r -> r.text().contains("\"started\"")).hasSize(2);
    }

    @Test
    void theApiNeverWaitsOnASlowReceiverAndTheLogKeepsWhatItAnswered() throws Exception {
        CountDownLatch release = receiver.holdAnswers();
        run("canceled");
        receiver.next();
        assertThat(receiver.inHandler())
                .as("the receiver is still holding the first event")
                .isEqualTo(1);
        assertThat(http.createRun("deploy", "").statusCode())
                .as("while the API answers at once")
                .isEqualTo(201);
        assertThat(emulator.webhookDeliveries()).isEmpty();
        release.countDown();
        assertThat(emulator.awaitWebhookDeliveries(2, WebhookReceiver.deadline()))
                .isTrue();

        receiver.answer(500);
        run("canceled");
        assertThat(emulator.awaitWebhookDeliveries(3, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries())
                .extracting(RootlyEmulator.WebhookDelivery::httpStatus)
                .containsExactly(202, 202, 500);
    }

    @Test
    void aReceiverThatIsNotListeningIsLoggedAsNotDelivered() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        emulator.close();
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(scenario(null))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .webhook(URI.create("http://127.0.0.1:" + port + "/hook"), SECRET)
                .start();
        http = new TestHttp(emulator, TOKEN);
        run("canceled");
        assertThat(emulator.awaitWebhookDeliveries(1, WebhookReceiver.deadline()))
                .isTrue();
        RootlyEmulator.WebhookDelivery d = emulator.webhookDeliveries().get(0);
        assertThat(d.httpStatus()).isNull();
        assertThat(d.error()).startsWith("not delivered: ").contains("ConnectException");
    }

    @Test
    void theControlApiAddsListsAndClearsWebhookFaultsAndTheLedgerHasTheLog() throws Exception {
        HttpResponse<String> added = http.send(
                "POST",
                "/_emulator/webhooks/faults",
                "[{\"kind\":\"drop\",\"times\":1},{\"kind\":\"delay\",\"delay\":\"2s\",\"every\":3},"
                        + "{\"kind\":\"stale_timestamp\",\"eventType\":\"genius_workflow_run.failed\"}]");
        assertThat(added.statusCode()).isEqualTo(201);
        JsonNode faults = json(added).path("faults");
        assertThat(faults).hasSize(3);
        assertThat(faults.path(1).path("delay").asText()).isEqualTo("2000ms");
        assertThat(faults.path(1).path("every").asInt()).isEqualTo(3);
        assertThat(faults.path(2).path("staleBy").asText()).isEqualTo("600000ms");

        HttpResponse<String> bad =
                http.send("POST", "/_emulator/webhooks/faults", "[{\"kind\":\"drop\"},{\"kind\":\"lose\"}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("errors").path(0).path("detail").asText())
                .contains("webhook fault 1: webhook fault kind 'lose' is not one of drop, delay");
        assertThat(http.send("POST", "/_emulator/webhooks/faults", "{\"kind\":\"delay\"}")
                        .statusCode())
                .isEqualTo(400);
        assertThat(http.control("GET", "webhooks/faults", null).path("faults"))
                .as("none of a refused batch is added")
                .hasSize(3);

        run("canceled");
        assertThat(emulator.awaitWebhookDeliveries(1, WebhookReceiver.deadline()))
                .isTrue();
        JsonNode ledger = http.control("GET", "runs", null);
        JsonNode d = ledger.path("webhook_deliveries").path(0);
        assertThat(d.path("type").asText()).isEqualTo("genius_workflow_run.canceled");
        assertThat(d.path("run_id").asText()).isEqualTo(emulator.ledger().get(0).id());
        assertThat(d.path("faults").toString()).isEqualTo("[\"drop\"]");
        assertThat(d.path("http_status").isNull()).isTrue();
        assertThat(d.has("event_id")).isTrue();
        JsonNode webhooks = http.control("GET", "webhooks", null);
        assertThat(webhooks.path("url").asText()).isEqualTo(receiver.url().toString());
        assertThat(webhooks.path("deliveries")).hasSize(1);

        assertThat(http.control("DELETE", "webhooks/faults", null).path("faults"))
                .isEmpty();
        http.control("POST", "reset", "");
        assertThat(emulator.webhookDeliveries()).isEmpty();
        assertThat(http.control("GET", "webhooks", null).path("deliveries")).isEmpty();
    }

    @Test
    void scenarioWebhookFaultsComeBackAfterAReset() throws Exception {
        emulator.close();
        start(new Scenario.WebhookSpec(
                null,
                null,
                null,
                List.of(WebhookFault.builder(WebhookFault.Kind.DROP).times(1).build())));
        run("canceled");
        assertThat(emulator.awaitWebhookDeliveries(1, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries().get(0).faults()).containsExactly("drop");
        http.control("POST", "reset", "");
        assertThat(http.control("GET", "webhooks/faults", null)
                        .path("faults")
                        .path(0)
                        .path("kind")
                        .asText())
                .isEqualTo("drop");
        run("canceled");
        assertThat(emulator.awaitWebhookDeliveries(1, WebhookReceiver.deadline()))
                .isTrue();
        assertThat(emulator.webhookDeliveries().get(0).faults()).containsExactly("drop");
    }

    @Test
    void withoutAWebhookUrlNothingIsSentAndFaultsAreRefused() throws Exception {
        emulator.close();
        emulator = RootlyEmulator.builder().token(TOKEN).start();
        http = new TestHttp(emulator, TOKEN);
        assertThat(emulator.webhookUrl()).isEmpty();
        assertThat(emulator.webhookDeliveries()).isEmpty();
        assertThat(http.send("POST", "/_emulator/webhooks/faults", "{\"kind\":\"drop\"}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(http.control("GET", "webhooks", null).path("url").isNull()).isTrue();
        assertThatThrownBy(() -> emulator.injectWebhookFault(
                        WebhookFault.builder(WebhookFault.Kind.DROP).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("webhooks are off");
    }

    @Test
    void webhookFaultsAreImmutableValuesThatCheckEachSetting() {
        WebhookFault f = WebhookFault.builder(WebhookFault.Kind.DELAY)
                .delay(Duration.ofMillis(1500))
                .every(2)
                .times(3)
                .build();
        assertThat(f.toJson())
                .containsEntry("kind", "delay")
                .containsEntry("delay", "1500ms")
                .containsEntry("every", 2)
                .containsEntry("times", 3);
        assertThat(f.label()).isEqualTo("delay 1500ms");
        assertThat(WebhookFault.builder(WebhookFault.Kind.STALE_TIMESTAMP)
                        .build()
                        .staleBy())
                .isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> WebhookFault.builder(WebhookFault.Kind.DELAY).build())
                .hasMessageContaining("needs a delay");
        assertThatThrownBy(() -> WebhookFault.builder(WebhookFault.Kind.DROP).delay(Duration.ofSeconds(1)))
                .hasMessageContaining("delay is for webhook faults of kind delay");
        assertThatThrownBy(() -> WebhookFault.builder(WebhookFault.Kind.DROP).every(0))
                .hasMessageContaining("every");
        assertThatThrownBy(() -> WebhookFault.builder(WebhookFault.Kind.DROP).eventType("run.done"))
                .hasMessageContaining("genius_workflow_run.queued");
        assertThatThrownBy(() -> new Scenario.WebhookSpec("ftp://x/", null, null, null))
                .hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> new Scenario.WebhookSpec(null, null, "sometimes", null))
                .hasMessageContaining("completed or none");
    }
}
