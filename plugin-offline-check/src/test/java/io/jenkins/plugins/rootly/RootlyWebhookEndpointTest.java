package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.testing.ManualScheduler;
import io.github.rootlyworkflowrun.webhook.WebhookInbox;
import io.github.rootlyworkflowrun.webhook.WebhookSignature;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every HTTP answer of contract section 9 through {@link RootlyWebhookEndpoint} over real HTTP, with the crumb filter
 * in front of it as on a controller, on the engine of manual-time services; and the one log line per webhook.
 */
class RootlyWebhookEndpointTest {
    static final String TOKEN = "webhook-endpoint-SECRET-token";
    static final String SECRET = "whsec_endpoint_test_SECRET";
    /** A field of the body no log line or answer may repeat. */
    private static final String BODY_MARKER = "body-marker-7f3e";

    private ManualScheduler scheduler;
    private RootlyEmulator emulator;
    private TestServices services;
    private WebhookHttp jenkins;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Logger logger = Logger.getLogger(RootlyWebhookEndpoint.class.getName());
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level oldLevel;

    @BeforeEach
    void setUp() throws Exception {
        scheduler = new ManualScheduler();
        emulator = TestServices.emulatorWithSlowWorkflow(TOKEN, scheduler.clock());
        services = TestServices.onManualTime(scheduler, emulator, TOKEN, "30m", "10s")
                .install();
        jenkins = new WebhookHttp(new RootlyWebhookEndpoint(), new RootlyWebhookCrumbExclusion());
        oldLevel = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        logger.removeHandler(capture);
        logger.setLevel(oldLevel);
        jenkins.close();
        TestServices.uninstall();
        emulator.close();
    }

    /** A Rootly event body for run {@code runId}, with a field that must never be logged. */
    static byte[] event(String eventId, String type, String runId) {
        return ("{\"event\":{\"id\":\"" + eventId + "\",\"type\":\"" + type
                        + "\",\"issued_at\":\"2026-11-29T12:01:01.123Z\"},\"data\":{\"id\":\"" + runId
                        + "\",\"status\":\"completed\",\"status_message\":\"" + BODY_MARKER + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String signed(byte[] body) {
        return WebhookSignature.of(SECRET).sign(scheduler.clock().instant(), body);
    }

    private HttpResponse<String> post(URI url, String signature, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header(WebhookSignature.HEADER, signature);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String signature, byte[] body) throws Exception {
        return post(jenkins.webhookUrl(), signature, body);
    }

    private HttpResponse<String> send(String method) throws Exception {
        return http.send(
                HttpRequest.newBuilder(jenkins.webhookUrl())
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertPlainLine(HttpResponse<String> response, int status, String... containing) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain;charset=UTF-8");
        assertThat(response.body()).endsWith("\n").contains(containing);
        assertThat(response.body().strip()).as("one line").doesNotContain("\n");
        assertThat(response.body()).doesNotContain(SECRET, BODY_MARKER);
    }

    private List<String> logLines() {
        return logged.stream().map(LogRecord::getMessage).toList();
    }

    @Test
    void withoutAWebhookSecretTheEndpointIsNotFoundForEveryMethod() throws Exception {
        byte[] body = event("evt-1", "genius_workflow_run.completed", "run-1");

        assertPlainLine(post(signed(body), body), 404, "Rootly webhooks are off", "Manage Jenkins > System > Rootly");
        assertPlainLine(send("GET"), 404, "Rootly webhooks are off");
        assertThat(logLines()).hasSize(2).allSatisfy(line -> assertThat(line)
                .contains(": 404 Rootly webhooks are off"));
    }

    @Test
    void otherMethodsThanPostAreRefusedWithAllowPost() throws Exception {
        services.webhooksOn(SECRET, "2m");

        for (String method : List.of("GET", "PUT", "DELETE")) {
            HttpResponse<String> response = send(method);
            assertPlainLine(response, 405, "POST only");
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
        assertThat(logged).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.FINE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "wrong secret", "malformed", "stale"})
    void aMissingBadOrStaleSignatureIs401AndLoggedAsAWarning(String how) throws Exception {
        services.webhooksOn(SECRET, "2m");
        byte[] body = event("evt-1", "genius_workflow_run.completed", "run-1");
        String signature =
                switch (how) {
                    case "missing" -> null;
                    case "wrong secret" -> WebhookSignature.of("not-the-secret")
                            .sign(scheduler.clock().instant(), body);
                    case "malformed" -> "sha256=" + "ab".repeat(32);
                    default -> WebhookSignature.of(SECRET)
                            .sign(scheduler.clock().instant().minus(Duration.ofMinutes(6)), body);
                };

        HttpResponse<String> response = post(signature, body);

        assertPlainLine(
                response,
                401,
                "not accepted: ",
                switch (how) {
                    case "missing" -> "no X-Rootly-Signature header";
                    case "wrong secret" -> "does not match";
                    case "malformed" -> "is not of the form";
                    default -> "more than 5 minutes";
                });
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage())
                    .startsWith("Rootly webhook POST from 127.0.0.1: 401 not accepted: ")
                    .doesNotContain(SECRET, BODY_MARKER);
        });
    }

    @Test
    void aBodyOverTheLimitIs413WithOrWithoutAContentLength() throws Exception {
        services.webhooksOn(SECRET, "2m");
        byte[] big = new byte[WebhookInbox.MAX_BODY_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');

        HttpResponse<String> declared = post(signed(big), big);
        long readOfDeclared = jenkins.lastBodyBytesRead();
        // A stream of unknown length goes chunked: the size is found by reading, and reading stops past the limit.
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(jenkins.webhookUrl())
                        .header(WebhookSignature.HEADER, signed(big))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertPlainLine(declared, 413, "larger than 256 KiB");
        assertThat(readOfDeclared).as("refused on its Content-Length, unread").isZero();
        assertPlainLine(chunked, 413, "larger than 256 KiB");
        assertThat(jenkins.lastBodyBytesRead())
                .as("read only one byte past the limit")
                .isEqualTo(WebhookInbox.MAX_BODY_BYTES + 1);
        assertThat(logLines()).hasSize(2).allSatisfy(line -> assertThat(line).contains(": 413 "));
    }

    @Test
    void aValidEventIs202AndTheSameEventAgainIs200WithNoEffect() throws Exception {
        services.webhooksOn(SECRET, "2m");
        byte[] body = event("evt-1", "genius_workflow_run.completed", "run-nobody-waits-on");

        HttpResponse<String> first = post(signed(body), body);
        HttpResponse<String> again = post(signed(body), body);

        assertPlainLine(first, 202, "evt-1", "ignored: no wait here knows run run-nobody-waits-on");
        assertPlainLine(again, 200, "evt-1", "was received already; ignored");
        assertThat(logged).hasSize(2).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(Level.INFO));
        assertThat(logLines().get(1))
                .isEqualTo("Rootly webhook POST from 127.0.0.1: 200 event evt-1"
                        + " (genius_workflow_run.completed) was received already; ignored");
        assertThat(emulator.ledger()).as("nothing was created").isEmpty();
    }

    @Test
    void theSecretIsReadForEachWebhookSoAChangedOneTakesEffectAtOnce() throws Exception {
        services.webhooksOn(SECRET, "2m");
        byte[] body = event("evt-1", "genius_workflow_run.started", "run-1");
        String oldSignature = signed(body);

        services.webhookSecret = "whsec_rotated";
        HttpResponse<String> withTheOldSecret = post(oldSignature, body);
        HttpResponse<String> withTheNewOne =
                post(WebhookSignature.of("whsec_rotated").sign(scheduler.clock().instant(), body), body);
        services.webhookSecret = null;
        HttpResponse<String> afterRemoval = post(oldSignature, body);

        assertThat(withTheOldSecret.statusCode()).isEqualTo(401);
        assertThat(withTheNewOne.statusCode()).isEqualTo(202);
        assertThat(afterRemoval.statusCode()).isEqualTo(404);
    }

    @Test
    void rootlysPostNeedsNoCrumbButOtherPostsStillDo() throws Exception {
        services.webhooksOn(SECRET, "2m");
        byte[] body = event("evt-1", "genius_workflow_run.queued", "run-1");

        HttpResponse<String> withSlash = post(jenkins.webhookUrl(), signed(body), body);
        HttpResponse<String> withoutSlash = post(jenkins.rootUrl().resolve("rootly-webhook"), null, body);
        HttpResponse<String> elsewhere = post(jenkins.rootUrl().resolve("rootly-webhook-other/"), signed(body), body);
        HttpResponse<String> below = post(jenkins.rootUrl().resolve("rootly-webhook/deeper"), signed(body), body);

        assertThat(withSlash.statusCode()).isEqualTo(202);
        assertThat(withoutSlash.statusCode())
                .as("reaches the endpoint, which wants a signature")
                .isEqualTo(401);
        assertThat(elsewhere.statusCode()).isEqualTo(403);
        assertThat(below.statusCode()).isEqualTo(403);
        assertThat(new RootlyWebhookEndpoint().getUrlName()).isEqualTo("rootly-webhook");
        assertThat(new RootlyWebhookEndpoint().getIconFileName())
                .as("no side-panel link")
                .isNull();
    }
}
