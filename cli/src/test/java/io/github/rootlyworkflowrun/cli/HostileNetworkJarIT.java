package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.emulator.Fault;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar against hostile networks (issue 10 items 4 and 8): unreadable rate-limit headers on the 201, a
 * certificate the JDK does not trust, and an https URL for a plain-HTTP port.
 */
class HostileNetworkJarIT {
    private static final String TOKEN = "jar-hostile-SECRET-51b0";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RootlyEmulator emulator;

    record Result(int exit, String stdout, String stderr, long millis) {}

    @BeforeEach
    void start() {
        emulator = RootlyEmulator.builder().token(TOKEN).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Result runJar(String apiUrl, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", System.getProperty("cli.jar")));
        command.addAll(List.of(args));
        command.addAll(List.of("--output", "json"));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().putAll(Map.of("ROOTLY_API_TOKEN", TOKEN, "ROOTLY_API_URL", apiUrl));
        pb.redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Result(
                p.exitValue(),
                Files.readString(dir.resolve("stdout")),
                Files.readString(dir.resolve("stderr")),
                (System.nanoTime() - start) / 1_000_000);
    }

    @Test
    void unreadableRateLimitHeadersOnThe201AreIgnoredWithAWarningAndTheRunIsCreated() throws Exception {
        emulator.inject(Fault.builder()
                .route("create")
                .times(1)
                .headers(Map.of(
                        "Retry-After", "99999999999999999999",
                        "X-RateLimit-Reset", "soon",
                        "X-RateLimit-Remaining", "many"))
                .build());

        Result r = runJar(emulator.baseUrl(), "--workflow", "deploy-succeeds", "--wait", "--poll-interval", "1s");

        JsonNode json = JSON.readTree(r.stdout());
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(json.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.path("run_id").asText()).isNotBlank();
        assertThat(emulator.ledger()).hasSize(1);
        assertThat(r.stderr())
                .contains("Warning: Ignored an unreadable rate-limit header")
                .contains("X-RateLimit-Reset 'soon'")
                .contains("X-RateLimit-Remaining 'many'")
                .doesNotContain("NumberFormatException")
                .doesNotContain("Unexpected error")
                .doesNotContain(TOKEN);
    }

    @Test
    void anUntrustedCertificateIsOneAttemptThatSaysHowToTrustIt() throws Exception {
        HeldCertificate localhost = new HeldCertificate.Builder()
                .addSubjectAlternativeName("localhost")
                .build();
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(new HandshakeCertificates.Builder()
                    .heldCertificate(localhost)
                    .build()
                    .sslSocketFactory());
            tls.start();

            Result r = runJar("https://localhost:" + tls.getPort(), "--workflow", "deploy-succeeds");

            assertThat(r.exit()).as(r.stderr()).isEqualTo(5);
            assertThat(r.stderr())
                    .contains("certificate not trusted")
                    .contains("add it to the JDK trust store with keytool -importcert")
                    .contains("-Djavax.net.ssl.trustStore")
                    .doesNotContain("PKIX")
                    .doesNotContain("Retrying")
                    .doesNotContain(TOKEN);
            assertThat(tls.getRequestCount()).isZero();
        }
    }

    @Test
    void httpsToAPlainHttpPortSaysSoAtOnce() throws Exception {
        String plainAsHttps = emulator.baseUrl().replaceFirst("^http:", "https:");

        Result r = runJar(plainAsHttps, "--workflow", "deploy-succeeds", "--wait");

        assertThat(r.exit()).as(r.stderr()).isEqualTo(5);
        assertThat(r.stderr())
                .contains("the server does not speak TLS: check the URL's scheme")
                .doesNotContain("Retrying")
                .doesNotContain("Read timed out");
        assertThat(emulator.ledger()).isEmpty();
        System.out.println("https to a plain port ended after " + r.millis() + " ms");
    }
}
