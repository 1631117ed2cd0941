package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runner in-process: option sources, bad input, and the CI adapters' files. */
class MainTest {
    private static final String TOKEN = TokenScan.secret("cli-unit-SECRET-token");

    @TempDir
    Path dir;

    private RootlyEmulator emulator;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() {
        emulator = RootlyEmulator.builder().token(TOKEN).start();
        env.put("ROOTLY_API_TOKEN", TOKEN);
        env.put("ROOTLY_API_URL", emulator.baseUrl());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private int run(String... args) {
        return runWithStdin("", args);
    }

    private int runWithStdin(String stdin, String... args) {
        int exit = Main.execute(
                args,
                new Environment(env),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        TokenScan.capture("stdout", out.toString(StandardCharsets.UTF_8));
        TokenScan.capture("stderr", stderr());
        // every file the runner writes: the GitHub files and the dotenv
        for (String variable : new String[] {"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"}) {
            if (env.get(variable) != null) {
                TokenScan.captureFile("$" + variable, Path.of(env.get(variable)));
            }
        }
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--dotenv")) {
                TokenScan.captureFile("dotenv", Path.of(args[i + 1]));
            }
        }
        return exit;
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--workflow deploy-fails --bogus|unknown option --bogus",
                "--workflow deploy-fails --incident-id a --alert-id b|--alert-id: a run takes at most one target",
                "--workflow deploy-fails --context [1,2]|--context: must be a JSON object",
                "--workflow deploy-fails --context {oops|--context: is not valid JSON",
                "--workflow deploy-fails --timeout 5x|--timeout: '5x' is not a duration",
                "--workflow deploy-fails --poll-interval 0s|--poll-interval: must be longer than zero",
                "--workflow deploy-fails --api-url http://rootly.example.com|--api-url: plain HTTP is refused",
                "--workflow deploy-fails --wait=maybe|--wait: not true or false",
                "--workflow deploy-fails --completed-with-errors sometimes|--completed-with-errors: 'sometimes' is not one of",
                "--workflow deploy-fails --output yaml|--output: 'yaml' is not text or json",
                "--workflow deploy-fails --context-entry novalue|--context-entry: 'novalue' is not key=value",
                "--workflow deploy-fails --token-file /no/such/file|--token-file: cannot read /no/such/file (no such file)",
                "--workflow deploy-fails --context-file /no/such.json|--context-file: cannot read /no/such.json (no such file)",
                "--wait|--workflow: is required"
            })
    void badInputIsOneLineExitTwoAndSendsNothing(String args, String message) {
        int exit = run(args.split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("rootly-workflow-run: ")
                .contains(message)
                .doesNotContain("Exception")
                .doesNotContain("\tat "));
        assertThat(emulator.ledger()).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void missingTokenNamesBothWaysToGiveIt() {
        env.remove("ROOTLY_API_TOKEN");

        assertThat(run("--workflow", "deploy-fails")).isEqualTo(2);
        assertThat(stderr()).contains("set ROOTLY_API_TOKEN or pass --token-file PATH");
    }

    @Test
    void tokenFileAndContextFileFromStdinAreRead() throws Exception {
        env.remove("ROOTLY_API_TOKEN");
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        int exit = runWithStdin(
                "{\"service\":\"api\",\"n\":1}",
                "--workflow",
                "deploy-succeeds",
                "--token-file",
                tokenFile.toString(),
                "--context-file",
                "-",
                "--context-entry",
                "version=1.2",
                "--output",
                "json");

        assertThat(exit).isZero();
        var attributes = emulator.ledger();
        assertThat(attributes).hasSize(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"outcome\":\"CREATED\"");
    }

    @Test
    void githubInputsFillOptionsMissingFromTheCommandLine() throws Exception {
        env.remove("ROOTLY_API_TOKEN");
        env.put("GITHUB_ACTIONS", "true");
        env.put("INPUT_API-TOKEN", " " + TOKEN + " ");
        env.put("INPUT_WORKFLOW", "deploy-fails");
        env.put("INPUT_WAIT", "true");
        env.put("INPUT_POLL-INTERVAL", "1s");
        env.put("INPUT_INCIDENT-ID", "");
        env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("out")).toString());
        env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("summary")).toString());

        int exit = run("--workflow", "deploy-succeeds");

        assertThat(exit)
                .as("the command line wins over inputs; wait came from the input")
                .isZero();
        assertThat(emulator.ledger()).singleElement().satisfies(e -> assertThat(e.workflowSlug())
                .isEqualTo("deploy-succeeds"));
        Map<String, String> outputs = CliTestSupport.parseGitHubOutput(Files.readString(dir.resolve("out")));
        assertThat(outputs).containsEntry("outcome", "SUCCEEDED").containsEntry("status", "completed");
        assertThat(stderr()).startsWith("::add-mask::" + TOKEN + "\n::group::");
    }

    @Test
    void githubUsageErrorStillWritesOutputsAndAnAnnotation() throws Exception {
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("out")).toString());
        env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("summary")).toString());

        assertThat(run("--workflow", "x", "--timeout", "soon")).isEqualTo(2);

        assertThat(CliTestSupport.parseGitHubOutput(Files.readString(dir.resolve("out"))))
                .containsEntry("outcome", "USAGE_ERROR")
                .containsEntry("run-id", "");
        assertThat(stderr())
                .contains("::error title=Rootly workflow run USAGE_ERROR::--timeout%3A".replace("%3A", ":"));
        assertThat(Files.readString(dir.resolve("summary"))).contains("USAGE_ERROR");
        assertThat(stderr()).doesNotContain("::add-mask::\n");
    }

    @Test
    void verboseLogsRequestsButNeverTheToken() {
        assertThat(run("--workflow", "deploy-succeeds", "--verbose")).isZero();

        assertThat(stderr())
                .contains("--> GET " + emulator.baseUrl() + "/v1/workflows?filter%5Bslug%5D=deploy-succeeds")
                .contains("<-- 201 POST")
                .doesNotContain(TOKEN);
    }

    @Test
    void helpVersionAndCompletion() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Exit codes:")
                .contains("--completed-with-errors")
                .contains("demo");
        out.reset();
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("rootly-workflow-run ")
                .doesNotContain("${");
        out.reset();
        assertThat(run("generate-completion")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("complete -F").contains("--poll-interval");
    }
}
