package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The runner in-process: option sources, bad input, and the CI adapters' files. */
class MainTest {
    private static final String TOKEN = TokenScan.secret("cli-unit-SECRET-token");

    @TempDir
    Path dir;

    @RegisterExtension
    final InProcessCli cli = new InProcessCli(TOKEN, RootlyEmulator.builder());

    private final RootlyEmulator emulator = cli.emulator();
    private final Map<String, String> env = cli.env();

    private int run(String... args) {
        return cli.run("", args);
    }

    private String stderr() {
        return cli.stderr();
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
        assertThat(cli.stdout()).isEmpty();
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

        int exit = cli.run(
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
        assertThat(cli.stdout()).contains("\"outcome\":\"CREATED\"");
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
        cli.gitHub(dir);

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
        assertThat(cli.stdout())
                .contains("Exit codes:")
                .contains("--completed-with-errors")
                .contains("demo");
        assertThat(run("--version")).isZero();
        assertThat(cli.stdout()).startsWith("rootly-workflow-run ").doesNotContain("${");
        assertThat(run("generate-completion")).isZero();
        assertThat(cli.stdout()).contains("complete -F").contains("--poll-interval");
    }
}
