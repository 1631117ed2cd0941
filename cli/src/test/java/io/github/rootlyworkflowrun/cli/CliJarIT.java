package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built jar as CI runs it: a subprocess against the emulator, checked per outcome for exit code, JSON on stdout,
 * $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY (parsed as the runner parses them), annotations and the dotenv file; and a
 * scan of everything it printed or wrote for the token.
 */
class CliJarIT {
    private static final String TOKEN = TokenScan.secret("jar-it-SECRET-7d1e");
    private static final String WRONG_TOKEN = TokenScan.secret("wrong-SECRET-token");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClassEmulator emulator = new ClassEmulator(
            TOKEN,
            """
            workflows:
              - {slug: ok, name: OK, steps: [{status: queued, for: 200ms}, {status: started, for: 300ms}, {status: completed}]}
              - {slug: partial, steps: [{status: started, for: 300ms}, {status: completed_with_errors, statusMessage: "1 of 2 tasks failed"}]}
              - {slug: broken, steps: [{status: started, for: 300ms}, {status: failed, statusMessage: "Task 'Page: on-call, now' failed\\nsecond line"}]}
              - {slug: stopped, steps: [{status: queued, for: 300ms}, {status: canceled}]}
              - {slug: stuck, steps: [{status: queued}]}
              - {slug: guarded, conditionsMet: false}
            """);

    @TempDir
    Path dir;

    private GitHubJarRun runJar(Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "GITHUB_REPOSITORY",
                "acme/api",
                "GITHUB_RUN_ID",
                "99",
                "ROOTLY_API_TOKEN",
                TOKEN,
                "ROOTLY_API_URL",
                emulator.baseUrl()));
        env.putAll(extraEnv);
        return GitHubJarRun.of(dir, env, List.of(args));
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of("CREATED", 0, 1, List.of("--workflow", "ok")),
                Arguments.of("SUCCEEDED", 0, 1, List.of("--workflow", "ok", "--wait", "--poll-interval", "1s")),
                Arguments.of("COMPLETED_WITH_ERRORS", 6, 1, List.of("--workflow", "partial", "--wait")),
                Arguments.of(
                        "COMPLETED_WITH_ERRORS",
                        0,
                        1,
                        List.of("--workflow", "partial", "--wait", "--completed-with-errors", "success")),
                Arguments.of(
                        "COMPLETED_WITH_ERRORS",
                        1,
                        1,
                        List.of("--workflow", "partial", "--wait", "--completed-with-errors=FAILURE")),
                Arguments.of("FAILED", 1, 1, List.of("--workflow", "broken", "--wait", "--incident-id", "inc-42")),
                Arguments.of("CANCELED", 3, 1, List.of("--workflow", "stopped", "--wait")),
                Arguments.of("TIMED_OUT", 4, 1, List.of("--workflow", "stuck", "--wait", "--timeout", "2s")),
                Arguments.of(
                        "REJECTED_OR_UNREACHABLE",
                        5,
                        0,
                        List.of("--workflow", "guarded", "--check-conditions", "--wait")),
                Arguments.of("USAGE_ERROR", 2, 0, List.of("--workflow", "ok", "--timeout", "later")));
    }

    @ParameterizedTest(name = "{0} exit {1}: {3}")
    @MethodSource("outcomes")
    void eachOutcomeThroughEveryChannel(String outcome, int exit, int runs, List<String> args) throws Exception {
        GitHubJarRun r = runJar(Map.of(), args.toArray(String[]::new));

        assertThat(r.exit()).as(r.stderr()).isEqualTo(exit);
        assertThat(emulator.ledger()).hasSize(runs);
        // stdout: exactly one JSON object with the fields of docs/contract.md section 5
        assertThat(r.stdout().lines()).hasSize(1);
        JsonNode json = JSON.readTree(r.stdout());
        assertThat(json.path("outcome").asText()).isEqualTo(outcome);
        assertThat(json.fieldNames())
                .toIterable()
                .containsExactly(
                        "outcome",
                        "run_id",
                        "status",
                        "status_message",
                        "workflow_id",
                        "workflow_name",
                        "kind",
                        "incident_id",
                        "post_mortem_id",
                        "action_item_id",
                        "alert_id",
                        "pulse_id",
                        "created_at",
                        "started_at",
                        "completed_at",
                        "failed_at",
                        "canceled_at",
                        "elapsed_seconds",
                        "api_requests");
        // $GITHUB_OUTPUT: every field, kebab-case, on every path; values equal the JSON's
        assertThat(r.outputs())
                .containsEntry("outcome", outcome)
                .containsKeys("run-id", "status", "status-message", "workflow-id", "workflow-name", "api-requests");
        assertThat(r.outputs().get("run-id"))
                .isEqualTo(
                        json.path("run_id").isNull() ? "" : json.path("run_id").asText());
        assertThat(r.outputs().get("status-message"))
                .isEqualTo(
                        json.path("status_message").isNull()
                                ? ""
                                : json.path("status_message").asText());
        // step summary and annotations
        assertThat(r.summary())
                .startsWith("### Rootly workflow run: " + outcome)
                .contains("| Outcome | " + outcome + " (exit " + exit + ") |");
        assertThat(r.stderr()).startsWith("::add-mask::" + TOKEN);
        if (exit == 0) {
            assertThat(r.stderr()).doesNotContain("::error").doesNotContain("::warning");
        } else if (exit == 6) {
            assertThat(r.stderr()).contains("::warning title=Rootly workflow run COMPLETED_WITH_ERRORS::");
        } else {
            assertThat(r.stderr()).contains("::error title=Rootly workflow run " + outcome + "::");
        }
        // dotenv for GitLab
        if (exit != 2) {
            assertThat(r.dotenv())
                    .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", outcome)
                    .containsEntry("ROOTLY_WORKFLOW_RUN_ID", r.outputs().get("run-id"))
                    .containsEntry("ROOTLY_WORKFLOW_RUN_STATUS", r.outputs().get("status"));
        }
        // the token is nowhere but in the mask command
        assertThat(r.allText()).allSatisfy(t -> assertThat(t.replace("::add-mask::" + TOKEN, ""))
                .doesNotContain(TOKEN));
    }

    @Test
    void multiLineStatusMessagesSurviveOutputsAndAnnotations() throws Exception {
        GitHubJarRun r = runJar(Map.of(), "--workflow", "broken", "--wait");

        assertThat(r.outputs().get("status-message")).isEqualTo("Task 'Page: on-call, now' failed\nsecond line");
        String annotation = r.stderr()
                .lines()
                .filter(l -> l.startsWith("::error"))
                .findFirst()
                .orElseThrow();
        assertThat(annotation)
                .startsWith("::error title=Rootly workflow run FAILED::")
                .contains("failed%0Asecond line");
        assertThat(r.summary()).contains("failed<br>second line");
        assertThat(r.dotenv().get("ROOTLY_WORKFLOW_RUN_STATUS_MESSAGE"))
                .as("quoted for the shell, one line for GitLab")
                .isEqualTo("'Task '\\''Page: on-call, now'\\'' failed second line'");
        JsonNode ctx = JSON.readTree(r.stdout());
        assertThat(ctx.path("incident_id").isNull()).isTrue();
        assertThat(emulator.ledger().get(0).requestId()).isNotBlank();
    }

    @Test
    void wrongTokenIsRejectedWithRootlysWordsAndMaskedEverywhere() throws Exception {
        GitHubJarRun r = runJar(Map.of("ROOTLY_API_TOKEN", WRONG_TOKEN), "--workflow", "ok");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(r.stderr()).contains("HTTP 401 Invalid token").contains("check the API token in ROOTLY_API_TOKEN");
        assertThat(r.stderr()).startsWith("::add-mask::" + WRONG_TOKEN);
        assertThat(r.allText()).allSatisfy(t -> assertThat(t.replace("::add-mask::" + WRONG_TOKEN, ""))
                .doesNotContain(WRONG_TOKEN));
        assertThat(emulator.ledger()).isEmpty();
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(Map.of(), List.of("--workflow", "ok", "--unknown-flag"), "unknown option --unknown-flag"),
                Arguments.of(
                        Map.of(),
                        List.of("--workflow", "ok", "--incident-id", "i", "--pulse-id", "p"),
                        "--pulse-id: a run takes at most one target"),
                Arguments.of(
                        Map.of(),
                        List.of("--workflow", "ok", "--context", "[\"not\",\"an object\"]"),
                        "--context: must be a JSON object"),
                Arguments.of(
                        Map.of(),
                        List.of("--workflow", "ok", "--timeout", "ten minutes"),
                        "--timeout: 'ten minutes' is not a duration"),
                Arguments.of(
                        Map.of("ROOTLY_API_TOKEN", ""),
                        List.of("--workflow", "ok"),
                        "input api-token: no API token; set the api-token input"),
                Arguments.of(
                        Map.of(),
                        List.of("--workflow", "ok", "--api-url", "http://api.rootly.com"),
                        "--api-url: plain HTTP is refused"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("badInput")
    void badInputExitsTwoOnOneLineAndSendsNothing(Map<String, String> env, List<String> args, String message)
            throws Exception {
        GitHubJarRun r = runJar(env, args.toArray(String[]::new));

        assertThat(r.exit()).isEqualTo(2);
        List<String> plain = r.stderr().lines().filter(l -> !l.startsWith("::")).toList();
        assertThat(plain).singleElement().satisfies(l -> assertThat(l)
                .startsWith("rootly-workflow-run: ")
                .contains(message));
        assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.outputs()).containsEntry("outcome", "USAGE_ERROR");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void demoRunsFromTheJar() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"), "-jar", System.getProperty("cli.jar"), "demo");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String text =
                TokenScan.capture("demo output", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).as(text).isZero();
        assertThat(text)
                .contains("SUCCEEDED")
                .contains("FAILED")
                .contains("exit code: 1")
                .contains("2 runs created");
    }

    @Test
    void everyClassInTheJarIsRecentEnoughForClassDataSharing() throws Exception {
        // Class files older than Java 6 (version 50) are left out of AppCDS and AOT-cache archives and go through the
        // JVM's slow verifier; picocli's published jar is such a jar, hence its build from source (cli/pom.xml).
        List<String> old = new ArrayList<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(System.getProperty("cli.jar"))) {
            for (var entries = jar.entries(); entries.hasMoreElements(); ) {
                var entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/versions/")) {
                    try (var in = new java.io.DataInputStream(jar.getInputStream(entry))) {
                        in.readInt(); // magic
                        in.readUnsignedShort(); // minor
                        if (in.readUnsignedShort() < 50) {
                            old.add(entry.getName());
                        }
                    }
                }
            }
        }
        assertThat(old).isEmpty();
    }
}
