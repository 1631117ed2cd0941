package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CI cancel on the real jar (contract section 10): SIGTERM or SIGINT while a run is awaited still prints one
 * "interrupted" line and writes every output (JSON, dotenv, $GITHUB_OUTPUT, the summary), closes the group, and
 * exits 143 / 130, with exactly one run created. The signal is sent once the jar has said the run exists, so no
 * test depends on how fast anything is.
 */
class CancellationIT {
    private static final String TOKEN = TokenScan.secret("cancel-it-SECRET-44c0");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RootlyEmulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(
                        Scenario.parse(
                                """
                        workflows:
                          - {slug: stuck, name: Stuck, steps: [{status: queued}]}
                        """))
                .start();
    }

    @AfterAll
    static void stopEmulator() {
        emulator.close();
    }

    @BeforeEach
    void resetLedger() {
        emulator.reset();
    }

    @ParameterizedTest(name = "SIG{0}, GitHub mode {1}")
    @CsvSource({"TERM, true, 143", "INT, true, 130", "TERM, false, 143", "INT, false, 130"})
    void aSignalDuringTheWaitStillWritesEveryOutput(String signal, boolean gitHub, int expectedExit) throws Exception {
        Path output = Files.createFile(dir.resolve("github-output"));
        Path summary = Files.createFile(dir.resolve("step-summary"));
        Path dotenv = dir.resolve("rootly.env");
        Path stdoutFile = dir.resolve("stdout");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                System.getProperty("cli.jar"),
                "--workflow",
                "stuck",
                "--wait",
                "--timeout",
                "30m",
                "--poll-interval",
                "1s",
                "--output",
                "json",
                "--dotenv",
                dotenv.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        Map<String, String> env =
                new HashMap<>(Map.of("ROOTLY_API_TOKEN", TOKEN, "ROOTLY_API_URL", emulator.baseUrl()));
        if (gitHub) {
            env.putAll(Map.of(
                    "GITHUB_ACTIONS",
                    "true",
                    "GITHUB_OUTPUT",
                    output.toString(),
                    "GITHUB_STEP_SUMMARY",
                    summary.toString()));
        }
        pb.environment().putAll(env);
        pb.redirectOutput(stdoutFile.toFile());
        Process p = pb.start();

        StringBuilder stderr = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean signalled = false;
            while ((line = r.readLine()) != null) {
                stderr.append(line).append('\n');
                if (!signalled && line.startsWith("Created workflow run ")) {
                    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
                    assertThat(kill.waitFor()).isZero();
                    signalled = true;
                }
            }
            assertThat(signalled).as(stderr.toString()).isTrue();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
        String err = TokenScan.capture("stderr", stderr.toString());
        String out = TokenScan.captureFile("stdout", stdoutFile);
        String outputs = TokenScan.captureFile("$GITHUB_OUTPUT", output);
        String summaryText = TokenScan.captureFile("$GITHUB_STEP_SUMMARY", summary);
        String dotenvText = TokenScan.captureFile("dotenv", dotenv);

        assertThat(p.exitValue()).as(err).isEqualTo(expectedExit);
        assertThat(emulator.ledger()).hasSize(1);
        String runId = emulator.ledger().get(0).id();
        assertThat(err.lines().filter(l -> l.contains("interrupted") && !l.startsWith("::")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .startsWith("rootly-workflow-run: interrupted; run " + runId + " of Stuck goes on in Rootly"));
        JsonNode json = JSON.readTree(out);
        assertThat(out.lines()).hasSize(1);
        assertThat(json.path("run_id").asText()).isEqualTo(runId);
        assertThat(json.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(json.path("status").asText()).isEqualTo("queued");
        assertThat(json.path("api_requests").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(CliTestSupport.parseDotenv(dotenvText))
                .containsEntry("ROOTLY_WORKFLOW_RUN_ID", runId)
                .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", "CREATED");
        if (gitHub) {
            assertThat(CliTestSupport.parseGitHubOutput(outputs))
                    .containsEntry("run-id", runId)
                    .containsEntry("outcome", "CREATED");
            assertThat(summaryText)
                    .contains("| Outcome | CREATED (exit " + expectedExit + ") |")
                    .contains(runId);
            assertThat(err.lines().filter(l -> l.startsWith("::group::"))).hasSize(1);
            assertThat(err.lines().filter(l -> l.equals("::endgroup::"))).hasSize(1);
            assertThat(err.indexOf("::endgroup::")).isGreaterThan(err.indexOf("::group::"));
            assertThat(err).contains("::error title=Rootly workflow run CREATED::interrupted; run " + runId);
        } else {
            assertThat(outputs).isEmpty();
            assertThat(err).doesNotContain("::");
        }
    }
}
