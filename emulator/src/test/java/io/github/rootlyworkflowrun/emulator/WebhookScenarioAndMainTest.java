package io.github.rootlyworkflowrun.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhooks set up from a scenario file and the command line, and the secret kept out of every output. */
class WebhookScenarioAndMainTest {
    private static final String CANARY = "leak-canary-7d1e0b5a";

    @TempDir
    Path dir;

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private RootlyEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
        receiver.close();
    }

    private RootlyEmulator main(String... args) {
        emulator = Main.start(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return emulator;
    }

    private static boolean signedWith(String secret, WebhookReceiver.Received r) throws Exception {
        String t = r.signature().substring(2, r.signature().indexOf(','));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal((t + r.text()).getBytes(StandardCharsets.UTF_8))) {
            hex.append(String.format("%02x", b & 0xff));
        }
        return r.signature().equals("t=" + t + ",v1=" + hex);
    }

    private Path scenarioFile(String webhookExtra) throws Exception {
        Files.writeString(dir.resolve("secret.txt"), CANARY + "\n");
        return Files.writeString(
                dir.resolve("s.yaml"),
                """
                workflows:
                  - {slug: ends, steps: [{status: queued, for: 1s}, {status: completed_with_errors}]}
                webhook:
                  url: %s
                  secretFile: secret.txt
                  completedWithErrors: none
                %s"""
                        .formatted(receiver.url(), webhookExtra));
    }

    @Test
    void aScenarioFileTurnsWebhooksOnWithItsSecretFileBesideIt() throws Exception {
        Path scenario = scenarioFile("  faults: [{kind: duplicate, times: 1}]\n");
        Scenario parsed = Scenario.load(scenario);
        assertThat(parsed.webhook().secretFile())
                .isEqualTo(dir.resolve("secret.txt").toString());
        assertThat(parsed.webhook().faults()).singleElement().satisfies(f -> assertThat(f.kind())
                .isEqualTo(WebhookFault.Kind.DUPLICATE));

        main("--scenario", scenario.toString(), "--token", "t");
        new TestHttp(emulator, "t").createRun("ends", "");
        List<WebhookReceiver.Received> twice = receiver.next(2);
        assertThat(signedWith(CANARY, twice.get(0)))
                .as("signed with the file's content, its newline stripped")
                .isTrue();
        assertThat(twice.get(1).body()).isEqualTo(twice.get(0).body());
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("Webhooks: signed run events are POSTed to " + receiver.url());
    }

    @Test
    void theCommandLineFlagsOverrideTheScenarios() throws Exception {
        Path scenario = scenarioFile("");
        Path other = Files.writeString(dir.resolve("other-secret"), "flag-secret-91c2");
        main("--scenario", scenario.toString(), "--webhook-secret-file", other.toString());
        TestHttp http = new TestHttp(emulator, RootlyEmulator.DEFAULT_TOKEN);
        http.createRun("ends", "");
        WebhookReceiver.Received r = receiver.next();
        assertThat(signedWith("flag-secret-91c2", r)).isTrue();
        assertThat(signedWith(CANARY, r)).isFalse();
        emulator.advanceClock(java.time.Duration.ofSeconds(1));
        http.createRun("ends", "");
        assertThat(receiver.next().text())
                .as("completedWithErrors: none sends no event for the first run's end")
                .contains("\"status\":\"queued\"");
    }

    @Test
    void webhookFlagMistakesAreOneLineUsageErrors() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), CANARY);
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertThatThrownBy(() -> main("--webhook-url", receiver.url().toString()))
                .isInstanceOf(Main.UsageError.class)
                .hasMessage("--webhook-url needs --webhook-secret-file (or webhook.secretFile in the scenario)");
        assertThatThrownBy(() -> main("--webhook-secret-file", secret.toString()))
                .hasMessage("--webhook-secret-file needs --webhook-url (or webhook.url in the scenario)");
        assertThatThrownBy(() -> main("--webhook-url", "ftp://x/", "--webhook-secret-file", secret.toString()))
                .hasMessageStartingWith("--webhook-url: webhook URL 'ftp://x/' must be an absolute http://");
        assertThatThrownBy(() ->
                        main("--webhook-url", receiver.url().toString(), "--webhook-secret-file", dir + "/missing"))
                .hasMessage("--webhook-secret-file: webhook secret file " + dir + "/missing does not exist");
        assertThatThrownBy(() ->
                        main("--webhook-url", receiver.url().toString(), "--webhook-secret-file", empty.toString()))
                .hasMessage("--webhook-secret-file: webhook secret file " + empty + " is empty");
        Path noSecret = Files.writeString(dir.resolve("n.yaml"), "webhook: {url: " + receiver.url() + "}\n");
        assertThatThrownBy(() -> main("--scenario", noSecret.toString()))
                .hasMessageContaining("needs a secret: webhook.secretFile in the scenario, or --webhook-secret-file");
        assertThatThrownBy(() -> Scenario.parse("webhook: {url: x, secret: y}"))
                .hasMessageStartingWith("unknown key 'secret' in webhook; known keys: completedWithErrors, faults");
        assertThatThrownBy(() -> Scenario.parse("webhook: {faults: [{kind: drop, every: often}]}"))
                .hasMessage("webhook.faults[0].every must be a whole number, not 'often'");
        assertThatThrownBy(() -> Scenario.parse("webhook: {faults: [{every: 2}]}"))
                .hasMessageStartingWith("webhook.faults[0].kind is missing");
        assertThatThrownBy(() -> Scenario.parse("webhook: {faults: [{kind: delay, delay: soon}]}"))
                .hasMessageStartingWith("webhook.faults[0]: 'soon' is not a duration");
        assertThat(out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8))
                .doesNotContain(CANARY);
    }

    @Test
    void theSecretAppearsInNoOutputLogLedgerOrBody() throws Exception {
        Path scenario = scenarioFile("  faults: [{kind: wrong_signature, times: 1}, {kind: drop, times: 1}]\n");
        main("--scenario", scenario.toString(), "--token", "t");
        TestHttp http = new TestHttp(emulator, "t");
        http.createRun("ends", "");
        http.createRun("ends", "");
        http.createRun("ends", "");
        List<String> seen = new ArrayList<>();
        for (WebhookReceiver.Received r : receiver.next(2)) {
            seen.add(r.text());
            seen.add(r.signature());
        }
        assertThat(emulator.awaitWebhookDeliveries(3, WebhookReceiver.deadline()))
                .isTrue();
        for (String what : List.of("runs", "webhooks", "webhooks/faults", "stats", "faults", "clock")) {
            seen.add(http.send("GET", "/_emulator/" + what, null).body());
        }
        seen.add(emulator.webhookDeliveries().toString());
        seen.add(emulator.scenario().toString());
        seen.add(out.toString(StandardCharsets.UTF_8));
        seen.add(err.toString(StandardCharsets.UTF_8));
        seen.add(http.send("GET", "/_emulator/nothing", null).body());

        assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(CANARY));
        assertThat(String.join("\n", seen))
                .as("what was searched is real")
                .contains("genius_workflow_run.queued", "wrong_signature", "\"drop\"", "secret.txt");
    }
}
