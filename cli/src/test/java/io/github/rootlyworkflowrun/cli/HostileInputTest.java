package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.emulator.Scenario;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile arguments and hostile server text (contract section 10): nothing that could hold the token is echoed,
 * nothing Rootly says can act as a GitHub workflow command, every output survives a parse error, and a dotenv
 * file is safe to source.
 */
class HostileInputTest {
    private static final String TOKEN = TokenScan.secret("hostile-SECRET-31ab");
    private static final String SHELL_BAIT = "it's $(touch PWNED1) `touch PWNED2` \"q\" \\ ; touch PWNED3 # $HOME";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static RootlyEmulator emulator;

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();
    private String stdout;
    private String stderr;

    @BeforeAll
    static void start() throws Exception {
        emulator = RootlyEmulator.builder()
                .token(TOKEN)
                .scenario(Scenario.parse(
                        """
                        workflows:
                          - slug: evil
                            name: "Evil\\n::stop-commands::pwned"
                            steps:
                              - {status: started, for: 200ms}
                              - {status: failed, statusMessage: "step 1\\n::warning::injected\\r  ::set-output name=a::b ##[error]old\\n::endgroup::"}
                          - slug: bait
                            name: "Bait ' $(x)"
                            steps:
                              - {status: failed, statusMessage: "%s"}
                        services:
                          - {slug: evil, name: "Evil\\n::stop-commands::pwned ##[error]x"}
                        """
                                .formatted(SHELL_BAIT.replace("\\", "\\\\").replace("\"", "\\\""))))
                .start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void environment() {
        emulator.reset();
        env.put("ROOTLY_API_TOKEN", TOKEN);
        env.put("ROOTLY_API_URL", emulator.baseUrl());
    }

    private void gitHub() throws Exception {
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("out")).toString());
        env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("summary")).toString());
    }

    private int run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.execute(
                args,
                new Environment(env),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        stdout = TokenScan.capture("stdout", out.toString(StandardCharsets.UTF_8));
        stderr = TokenScan.capture("stderr", err.toString(StandardCharsets.UTF_8));
        for (String variable : new String[] {"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"}) {
            if (env.get(variable) != null) {
                TokenScan.captureFile("$" + variable, Path.of(env.get(variable)));
            }
        }
        TokenScan.captureFile("dotenv", dir.resolve("run.env"));
        return exit;
    }

    /** Every line the runner would read from stderr is text, or one of the commands we mean to send. */
    private static void assertNoInjectedCommand(String log) {
        for (String line : log.split("\r\n|\r|\n")) {
            String t = line.stripLeading();
            if (t.startsWith("::")) {
                assertThat(t).as("a command line").matches("::(add-mask|group|endgroup|error|warning)( [^:]*)?::.*");
                assertThat(t).doesNotContain("\r").doesNotContain("\n");
            } else {
                // The runner tries the old ##[name] form only on lines that are not :: commands.
                assertThat(line).as("old-style command").doesNotContain("##[");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "--token TOKEN",
                "--api-token TOKEN",
                "--token=TOKEN",
                "--api-token=TOKEN --bogus",
                "TOKEN",
                "--wait=TOKEN",
                "--immediate=TOKEN"
            })
    void argumentsThatMayHoldTheTokenAreNeverEchoed(String args) {
        List<String> argv = new ArrayList<>(List.of("--workflow", "evil"));
        argv.addAll(List.of(args.replace("TOKEN", TOKEN).split(" ")));
        env.put("ROOTLY_API_TOKEN", "other-token");

        int exit = run(argv.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(stderr).doesNotContain(TOKEN).startsWith("rootly-workflow-run: ");
        if (args.startsWith("--token") || args.startsWith("--api-token")) {
            assertThat(stderr).contains("unknown option").contains("no flag takes the token itself");
        }
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void serverTextCannotIssueWorkflowCommandsInGitHubMode() throws Exception {
        gitHub();

        int exit = run("--workflow", "evil", "--wait", "--poll-interval", "1s", "--verbose");

        assertThat(exit).isEqualTo(1);
        assertNoInjectedCommand(stderr);
        assertThat(stderr)
                .contains(": :stop-commands::pwned")
                .contains(": :warning::injected")
                .contains("  : :set-output name=a::b")
                .contains(": :endgroup::")
                .contains("# #[error]old")
                .contains("::group::Rootly workflow run: evil at ")
                .contains("::endgroup::");
        assertThat(stderr.lines().filter(l -> l.equals("::endgroup::"))).hasSize(1);
        assertThat(stderr).contains("::error title=Rootly workflow run FAILED::");
    }

    @Test
    void aPulsesServerAndUserTextCannotIssueWorkflowCommands() throws Exception {
        gitHub();

        int exit = run("pulse", "--summary", "::warning::s ##[error]t", "--service", "evil", "--label", "k=::error::v");

        assertThat(exit).as(stderr).isZero();
        assertNoInjectedCommand(stderr);
        assertThat(stderr)
                .contains("Service 'evil' is Evil")
                .contains(": :stop-commands::pwned # #[error]x")
                .contains("::group::Rootly pulse: ::warning::s ##[error]t at ");

        exit = run("pulse", "--summary", "Deploy", "--label", "::add-mask::x\n::warning::y");
        assertThat(exit).isEqualTo(2);
        assertNoInjectedCommand(stderr);
    }

    @Test
    void userValuesCannotIssueWorkflowCommandsEither() throws Exception {
        gitHub();

        int exit = run("--workflow", "::stop-commands::x\n::add-mask::y", "--context", "{\"a\":1} ::warning::x");

        assertThat(exit).isEqualTo(2);
        assertNoInjectedCommand(stderr);
    }

    @Test
    void parserErrorsStillWriteJsonAndDotenv() throws Exception {
        for (String bad : new String[] {"--wiat", "--wait=maybe"}) {
            Path dotenv = dir.resolve("run.env");
            Files.deleteIfExists(dotenv);

            int exit = run("--workflow", "evil", bad, "--output", "json", "--dotenv", dotenv.toString());

            assertThat(exit).isEqualTo(2);
            assertThat(JSON.readTree(stdout).path("outcome").asText()).isEqualTo("USAGE_ERROR");
            assertThat(CliTestSupport.parseDotenv(Files.readString(dotenv)))
                    .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", "USAGE_ERROR");
            assertThat(stderr.lines()).hasSize(1);
        }
    }

    @Test
    void anUnwritableDotenvIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path missing = dir.resolve("no-such-dir").resolve("run.env");
        Path directory = Files.createDirectory(dir.resolve("a-dir"));

        assertThat(run("--workflow", "evil", "--dotenv", missing.toString())).isEqualTo(2);
        assertThat(stderr).contains("--dotenv: cannot write " + missing + " (no such directory");
        assertThat(run("--workflow", "evil", "--dotenv", directory.toString())).isEqualTo(2);
        assertThat(stderr).contains("(it is a directory)");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void aDotenvWithHostileValuesIsSafeToSource() throws Exception {
        Path dotenv = dir.resolve("run.env");
        assertThat(run("--workflow", "bait", "--wait", "--output", "json", "--dotenv", dotenv.toString()))
                .isEqualTo(1);
        JsonNode json = JSON.readTree(stdout);

        Process bash = new ProcessBuilder(
                        "bash",
                        "-c",
                        "set -a; . ./run.env; printf '%s\\0%s\\0%s' \"$ROOTLY_WORKFLOW_RUN_STATUS_MESSAGE\""
                                + " \"$ROOTLY_WORKFLOW_RUN_WORKFLOW_NAME\" \"$ROOTLY_WORKFLOW_RUN_ID\"")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String printed = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(bash.exitValue()).as(printed).isZero();
        assertThat(printed.split("\0", -1))
                .containsExactly(SHELL_BAIT, "Bait ' $(x)", json.path("run_id").asText());
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("PWNED"));
        }
        assertThat(CliTestSupport.parseDotenv(Files.readString(dotenv)))
                .as("plain values stay bare for GitLab")
                .containsEntry("ROOTLY_WORKFLOW_RUN_OUTCOME", "FAILED")
                .containsEntry("ROOTLY_WORKFLOW_RUN_STATUS", "failed");
    }

    @Test
    void gitHubModeNamesTheActionsInputs() throws Exception {
        gitHub();
        env.remove("ROOTLY_API_TOKEN");
        env.put("INPUT_WORKFLOW", "evil");
        env.put("INPUT_WAIT", "maybe");

        assertThat(run()).isEqualTo(2);
        assertThat(stderr).contains("rootly-workflow-run: input wait: not true or false; use true or false");

        env.put("INPUT_WAIT", "true");
        env.put("INPUT_TIMEOUT", "soon");
        env.put("INPUT_API-TOKEN", TOKEN);
        assertThat(run()).isEqualTo(2);
        assertThat(stderr).contains("rootly-workflow-run: input timeout: 'soon' is not a duration");

        env.remove("INPUT_TIMEOUT");
        env.remove("INPUT_API-TOKEN");
        assertThat(run()).isEqualTo(2);
        assertThat(stderr).contains("input api-token: no API token; set the api-token input");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void theBeginLineIsPrintedOnce() throws Exception {
        run("--workflow", "evil");
        assertThat(stderr.lines().filter(l -> l.contains("Rootly workflow run: evil at")))
                .hasSize(1);
        gitHub();
        run("--workflow", "evil");
        assertThat(stderr.lines().filter(l -> l.contains("Rootly workflow run: evil at")))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("::group::"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"two\nlines", "mid\rdle", "caf\u00e9", "tab\there", "nul\u0000"})
    void aTokenThatCannotBeAHeaderIsBadInput(String token) throws Exception {
        env.put("ROOTLY_API_TOKEN", token);
        assertThat(run("--workflow", "evil")).isEqualTo(2);
        assertThat(stderr.lines()).singleElement().satisfies(l -> assertThat(l)
                .startsWith("rootly-workflow-run: ROOTLY_API_TOKEN: the token in ROOTLY_API_TOKEN holds a"));

        env.remove("ROOTLY_API_TOKEN");
        Path file = Files.writeString(dir.resolve("token"), token, StandardCharsets.UTF_8);
        assertThat(run("--workflow", "evil", "--token-file", file.toString())).isEqualTo(2);
        assertThat(stderr).startsWith("rootly-workflow-run: --token-file: the token in the token file");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void anEmptyTokenFileNamesTokenFile() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "\n");
        assertThat(run("--workflow", "evil", "--token-file", file.toString())).isEqualTo(2);
        assertThat(stderr).startsWith("rootly-workflow-run: --token-file: no API token found in the token file");
    }

    @Test
    void aHugeRequestTimeoutIsBadInputNamingTheOption() {
        assertThat(run("--workflow", "evil", "--request-timeout", "999999h")).isEqualTo(2);
        assertThat(stderr).startsWith("rootly-workflow-run: --request-timeout: '999999h' is longer than the limit");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void sizeLimitsAndTrailingJson() throws Exception {
        assertThat(run("--workflow", "w".repeat(256))).isEqualTo(2);
        assertThat(stderr).contains("--workflow: is 256 characters long; the limit is 255");

        String big = "{\"a\":\"" + "x".repeat(70_000) + "\"}";
        assertThat(run("--workflow", "evil", "--context", big)).isEqualTo(2);
        assertThat(stderr).contains("--context: is 70008 bytes of JSON; the limit is 65536 bytes");

        Path file = Files.writeString(dir.resolve("ctx.json"), big);
        assertThat(run("--workflow", "evil", "--context-file", file.toString())).isEqualTo(2);
        assertThat(stderr).contains("--context-file: " + file + " holds more than 65536 bytes");

        assertThat(run("--workflow", "evil", "--context", "{\"a\":1} {\"b\":2}"))
                .isEqualTo(2);
        assertThat(stderr).contains("--context: has more text after the JSON object");
        assertThat(run("--workflow", "evil", "--context", "{\"a\":1}]")).isEqualTo(2);
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void userInfoInTheApiUrlIsRefusedAndNeverShown() {
        for (String url : new String[] {"https://me:pa55word@api.rootly.com", "http://pa55word@127.0.0.1:1"}) {
            assertThat(run("--workflow", "evil", "--api-url", url)).isEqualTo(2);
            assertThat(stderr)
                    .contains("--api-url: must not carry a user name or password")
                    .doesNotContain("pa55word");
        }
    }

    @Test
    void anApiUrlEndingInV1GetsAHint() {
        assertThat(run("--workflow", "evil", "--api-url", emulator.baseUrl() + "/v1/"))
                .isEqualTo(2);
        assertThat(stderr).contains("--api-url: ends in /v1").contains("drop it");
        assertThat(emulator.ledger()).isEmpty();
    }

    @Test
    void helpListsEveryExitCodeAndItsExamplesKeepTheirIndentation() {
        assertThat(run("--help")).isZero();
        assertThat(stdout).contains("  70 ").contains("130/143");
        String examples = stdout.substring(stdout.indexOf("Examples:"));
        assertThat(examples.lines().skip(1).filter(l -> !l.isBlank()))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).startsWith("  "));
    }
}
