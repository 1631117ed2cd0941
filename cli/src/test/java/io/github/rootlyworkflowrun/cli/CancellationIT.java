package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.extension.RegisterExtension;
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

    @RegisterExtension
    static final ClassEmulator emulator = new ClassEmulator(
            TOKEN,
            """
            workflows:
              - {slug: stuck, name: Stuck, steps: [{status: queued}]}
              - slug: stuck-on-deploy
                name: Stuck on deploy
                pulseConditions: {label: {operator: CONTAINS, values: ["stage:deploy"]}}
                steps: [{status: queued}]
            """);

    @TempDir
    Path dir;

    /** What an interrupted jar left behind. */
    private record Interrupted(int exit, String stderr, String stdout, String outputs, String summary, String dotenv) {}

    /** Runs the jar on the stuck workflow and sends {@code signal} once it prints a line starting {@code when}. */
    private Interrupted interrupt(String signal, boolean gitHub, String when, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--workflow", "stuck", "--wait", "--timeout", "30m"));
        args.addAll(List.of(extra));
        return interrupt(signal, gitHub, when, args);
    }

    /** Runs the jar with {@code args} and sends {@code signal} once it prints a line starting {@code when}. */
    private Interrupted interrupt(String signal, boolean gitHub, String when, List<String> args) throws Exception {
        Path output = Files.createFile(dir.resolve("github-output"));
        Path summary = Files.createFile(dir.resolve("step-summary"));
        Path dotenv = dir.resolve("rootly.env");
        Path stdoutFile = dir.resolve("stdout");
        // A CI runner starts its step with default signal handling, but a build started from a shell's background
        // job inherits SIGINT ignored, and the JVM keeps an ignored SIGINT ignored: perl restores the defaults and
        // execs the JVM in its place (same pid), so the test sees what a CI cancel does.
        List<String> command = new ArrayList<>(List.of(
                "perl",
                "-e",
                "$SIG{INT} = $SIG{TERM} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\\n\";",
                ProcessHandle.current().info().command().orElse("java"),
                "-jar",
                System.getProperty("cli.jar")));
        command.addAll(args);
        command.addAll(List.of("--poll-interval", "1s", "--output", "json", "--dotenv", dotenv.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        Map<String, String> env =
                new HashMap<>(Map.of("ROOTLY_API_TOKEN", TOKEN, "ROOTLY_API_URL", emulator.baseUrl()));
        if (gitHub) {
            env.putAll(CliTestSupport.gitHubEnv(output, summary));
        }
        pb.environment().putAll(env);
        pb.redirectOutput(stdoutFile.toFile());
        Process p = pb.start();
        // Never hang the build: a jar that does not end is killed, which also ends the read of its stderr below.
        Thread watchdog = new Thread(() -> {
            try {
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();

        StringBuilder stderr = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean signalled = false;
            while ((line = r.readLine()) != null) {
                stderr.append(line).append('\n');
                if (!signalled && line.startsWith(when)) {
                    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
                    assertThat(kill.waitFor()).isZero();
                    signalled = true;
                }
            }
            assertThat(signalled).as(stderr.toString()).isTrue();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("ended").isTrue();
        return new Interrupted(
                p.exitValue(),
                TokenScan.capture("stderr", stderr.toString()),
                TokenScan.captureFile("stdout", stdoutFile),
                TokenScan.captureFile("$GITHUB_OUTPUT", output),
                TokenScan.captureFile("$GITHUB_STEP_SUMMARY", summary),
                TokenScan.captureFile("dotenv", dotenv));
    }

    @ParameterizedTest(name = "SIG{0}, GitHub mode {1}")
    @CsvSource({"TERM, true, 143", "INT, true, 130", "TERM, false, 143", "INT, false, 130"})
    void aSignalDuringTheWaitStillWritesEveryOutput(String signal, boolean gitHub, int expectedExit) throws Exception {
        Interrupted i = interrupt(signal, gitHub, "Created workflow run ");
        String err = i.stderr();
        String out = i.stdout();
        String outputs = i.outputs();
        String summaryText = i.summary();
        String dotenvText = i.dotenv();

        assertThat(i.exit()).as(err).isEqualTo(expectedExit);
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

    @ParameterizedTest(name = "pulse, SIG{0}, GitHub mode {1}")
    @CsvSource({"TERM, true, 143", "INT, false, 130"})
    void aSignalWhileAPulsesRunsAreAwaitedWritesEveryOutput(String signal, boolean gitHub, int expectedExit)
            throws Exception {
        Interrupted i = interrupt(
                signal,
                gitHub,
                "Pulse ",
                List.of(
                        "pulse",
                        "--summary",
                        "Deploy api",
                        "--label",
                        "stage=deploy",
                        "--wait-for-triggered",
                        "--timeout",
                        "30m"));

        assertThat(i.exit()).as(i.stderr()).isEqualTo(expectedExit);
        assertThat(emulator.pulses()).hasSize(1);
        String pulseId = emulator.pulses().get(0).id();
        assertThat(emulator.ledger()).hasSize(1);
        String runId = emulator.ledger().get(0).id();
        assertThat(i.stderr().lines().filter(l -> l.contains("interrupted") && !l.startsWith("::")))
                .singleElement()
                .satisfies(l -> assertThat(l)
                        .isEqualTo("rootly-workflow-run: interrupted; the runs pulse " + pulseId
                                + " triggered go on in Rootly: " + runId + " of Stuck on deploy (last seen queued);"
                                + " Rootly has no cancel API, so check or stop them there"));
        JsonNode json = JSON.readTree(i.stdout());
        assertThat(i.stdout().lines()).hasSize(1);
        assertThat(json.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(json.path("pulse_id").asText()).isEqualTo(pulseId);
        assertThat(json.path("runs")).hasSize(1);
        assertThat(json.path("runs").get(0).path("run_id").asText()).isEqualTo(runId);
        assertThat(json.path("runs").get(0).path("status").asText()).isEqualTo("queued");
        assertThat(CliTestSupport.parseDotenv(i.dotenv()))
                .containsEntry("ROOTLY_PULSE_ID", pulseId)
                .containsEntry("ROOTLY_PULSE_OUTCOME", "CREATED")
                .containsEntry("ROOTLY_PULSE_RUN_IDS", runId);
        if (gitHub) {
            assertThat(CliTestSupport.parseGitHubOutput(i.outputs()))
                    .containsEntry("pulse-id", pulseId)
                    .containsEntry("outcome", "CREATED")
                    .containsEntry("run-ids", runId);
            assertThat(i.summary())
                    .contains("| Outcome | CREATED (exit " + expectedExit + ") |")
                    .contains("| " + runId + " |");
            assertThat(i.stderr().lines().filter(l -> l.equals("::endgroup::"))).hasSize(1);
            assertThat(i.stderr())
                    .contains("::error title=Rootly pulse CREATED::interrupted; the runs pulse " + pulseId);
        } else {
            assertThat(i.outputs()).isEmpty();
            assertThat(i.stderr()).doesNotContain("::");
        }
    }

    @org.junit.jupiter.api.Test
    void aSignalWhileTheCreateIsInFlightSaysARunMayExist() throws Exception {
        // The emulator holds the create far longer than any test takes; the signal comes as the request leaves.
        emulator.inject(io.github.rootlyworkflowrun.emulator.Fault.delay("create", "10m", 1));

        Interrupted i = interrupt("TERM", true, "--> POST ", "--verbose");

        assertThat(i.exit()).as(i.stderr()).isEqualTo(143);
        assertThat(i.stderr())
                .containsPattern("rootly-workflow-run: interrupted while creating a run of Stuck; Rootly may have"
                        + " created it: look for context.ci.request_id [0-9a-f-]{36} before you run this again");
        assertThat(JSON.readTree(i.stdout()).path("outcome").asText()).isEqualTo("REJECTED_OR_UNREACHABLE");
        assertThat(CliTestSupport.parseGitHubOutput(i.outputs()))
                .containsEntry("outcome", "REJECTED_OR_UNREACHABLE")
                .containsEntry("run-id", "")
                .containsEntry("workflow-name", "Stuck");
        assertThat(i.stderr().lines().filter(l -> l.equals("::endgroup::"))).hasSize(1);
        assertThat(CliTestSupport.parseDotenv(i.dotenv()))
                .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", "REJECTED_OR_UNREACHABLE");
    }

    @org.junit.jupiter.api.Test
    void aSignalWhileThePulseCreateIsInFlightSaysAPulseMayExist() throws Exception {
        emulator.inject(io.github.rootlyworkflowrun.emulator.Fault.delay("create_pulse", "10m", 1));

        Interrupted i = interrupt(
                "TERM",
                true,
                "--> POST ",
                List.of("pulse", "--summary", "Deploy api", "--wait-for-triggered", "--verbose"));

        assertThat(i.exit()).as(i.stderr()).isEqualTo(143);
        assertThat(i.stderr())
                .containsPattern("rootly-workflow-run: interrupted while creating the pulse; Rootly may have created"
                        + " it: look for a pulse with ref request_id=[0-9a-f-]{36} before you run this again");
        assertThat(JSON.readTree(i.stdout()).path("outcome").asText()).isEqualTo("REJECTED_OR_UNREACHABLE");
        assertThat(CliTestSupport.parseGitHubOutput(i.outputs()))
                .containsEntry("outcome", "REJECTED_OR_UNREACHABLE")
                .containsEntry("pulse-id", "")
                .containsEntry("summary", "Deploy api");
        assertThat(CliTestSupport.parseDotenv(i.dotenv()))
                .containsEntry("ROOTLY_PULSE_OUTCOME", "REJECTED_OR_UNREACHABLE");
    }
}
