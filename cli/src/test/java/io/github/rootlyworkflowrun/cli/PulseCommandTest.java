package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code rootly-workflow-run pulse} in-process against the emulator's built-in scenario (services api and web,
 * environments production and staging): option sources, bad input, and what reaches Rootly.
 */
class PulseCommandTest {
    private static final String TOKEN = TokenScan.secret("pulse-unit-SECRET-token");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @RegisterExtension
    final InProcessCli cli = new InProcessCli(TOKEN, RootlyEmulator.builder());

    private int pulse(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "pulse";
        System.arraycopy(args, 0, argv, 1, args.length);
        return cli.run("", argv);
    }

    private String stdout() {
        return cli.stdout();
    }

    private String stderr() {
        return cli.stderr();
    }

    private void gitHub() throws Exception {
        cli.gitHub(dir);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "--source x|--summary: is required",
                "--summary ''|--summary: is required",
                "--summary Deploy --bogus|unknown option --bogus",
                "--summary Deploy --token SECRET|no flag takes the token itself",
                "--summary Deploy --label novalue|--label: 'novalue' is not key=value",
                "--summary Deploy --label =v|--label: '=v' is not key=value with a non-blank key",
                "--summary Deploy --ref request_id=1|--ref: the key request_id is set by this tool",
                "--summary Deploy --started-at yesterday|--started-at: 'yesterday' is not an ISO-8601 time",
                "--summary Deploy --ended-at 2026-03-01T12:00:00|--ended-at: '2026-03-01T12:00:00' is not an ISO-8601",
                "--summary Deploy --started-at 2026-03-02T00:00:00Z --ended-at 2026-03-01T00:00:00Z|--ended-at: is"
                        + " before startedAt",
                "--summary Deploy --data [1]|--data: must be a JSON object",
                "--summary Deploy --data {oops|--data: is not valid JSON",
                "--summary Deploy --external-url notaurl|--external-url: 'notaurl' is not an http(s) URL",
                "--summary Deploy --settle 5x|--settle: '5x' is not a duration",
                "--summary Deploy --settle 1h|--settle: 1h is longer than the timeout (30m)",
                "--summary Deploy --timeout soon|--timeout: 'soon' is not a duration",
                "--summary Deploy --poll-interval 0s|--poll-interval: must be",
                "--summary Deploy --wait-for-triggered=maybe|--wait-for-triggered: not true or false",
                "--summary Deploy --completed-with-errors sometimes|--completed-with-errors: 'sometimes' is not one of",
                "--summary Deploy --output yaml|--output: 'yaml' is not text or json",
                "--summary Deploy --api-url http://rootly.example.com|--api-url: plain HTTP is refused",
                "--summary Deploy --token-file /no/such/file|--token-file: cannot read /no/such/file (no such file)",
                "--summary Deploy --request-timeout 2h|--request-timeout: '2h' is longer than the limit",
                "--summary Deploy --dotenv /no/such/dir/p.env|--dotenv: cannot write /no/such/dir/p.env (no such"
                        + " directory"
            })
    void badInputIsOneLineExitTwoAndSendsNothing(String args, String message) {
        String[] argv = args.replace("SECRET", TOKEN).split(" ");
        for (int i = 0; i < argv.length; i++) {
            argv[i] = argv[i].equals("''") ? "" : argv[i];
        }

        int exit = pulse(argv);

        assertThat(exit).as(stderr()).isEqualTo(2);
        assertThat(stderr().lines()).singleElement().satisfies(line -> assertThat(line)
                .startsWith("rootly-workflow-run: ")
                .contains(message)
                .doesNotContain("Exception")
                .doesNotContain("\tat "));
        assertThat(stdout()).isEmpty();
        assertThat(cli.emulator().requestCounts().values().stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .as("requests sent")
                .isZero();
        assertThat(cli.emulator().pulses()).isEmpty();
    }

    @Test
    void aUsageErrorStillWritesThePulseOutputs() throws Exception {
        gitHub();
        Path dotenv = dir.resolve("pulse.env");

        assertThat(pulse("--summary", "a\nb", "--output", "json", "--dotenv", dotenv.toString()))
                .isEqualTo(2);

        JsonNode json = JSON.readTree(stdout());
        assertThat(json.path("outcome").asText()).isEqualTo("USAGE_ERROR");
        assertThat(json.path("runs").isArray()).isTrue();
        assertThat(CliTestSupport.parseDotenv(Files.readString(dotenv)))
                .containsEntry("ROOTLY_PULSE_OUTCOME", "USAGE_ERROR")
                .containsEntry("ROOTLY_PULSE_ID", "");
        assertThat(CliTestSupport.parseGitHubOutput(Files.readString(dir.resolve("out"))))
                .containsEntry("outcome", "USAGE_ERROR")
                .containsEntry("pulse-id", "")
                .containsEntry("run-ids", "")
                .containsEntry("runs", "[]");
        assertThat(stderr())
                .contains("::error title=Rootly pulse USAGE_ERROR::--summary: must be a single line")
                .contains("::group::Rootly pulse: invalid input");
        assertThat(Files.readString(dir.resolve("summary"))).startsWith("### Rootly pulse: USAGE_ERROR");
    }

    @Test
    void aParserErrorInThePulseCommandWritesThePulseOutputs() throws Exception {
        Path dotenv = dir.resolve("pulse.env");

        assertThat(pulse("--summary", "x", "--wiat", "--output", "json", "--dotenv", dotenv.toString()))
                .isEqualTo(2);

        assertThat(JSON.readTree(stdout()).has("pulse_id")).isTrue();
        assertThat(CliTestSupport.parseDotenv(Files.readString(dotenv)))
                .containsEntry("ROOTLY_PULSE_OUTCOME", "USAGE_ERROR");
        assertThat(stderr()).contains("unknown option --wiat");
    }

    @Test
    void gitHubModeNamesTheInputsAndSplitsListsByLine() throws Exception {
        gitHub();
        cli.env().remove("ROOTLY_API_TOKEN");
        cli.env().put("INPUT_API-TOKEN", TOKEN);

        assertThat(pulse()).isEqualTo(2);
        assertThat(stderr()).contains("rootly-workflow-run: input summary: is required");

        cli.env().put("INPUT_SUMMARY", "Deploy api");
        cli.env().put("INPUT_LABELS", "team=payments\n\n  version=1.4.2  \nnokey");
        assertThat(pulse()).isEqualTo(2);
        assertThat(stderr())
                .as("each line an item; the bad one named by the input")
                .contains("rootly-workflow-run: input labels: 'nokey' is not key=value");

        cli.env().put("INPUT_LABELS", "team=payments");
        cli.env().put("INPUT_SETTLE", "2h");
        assertThat(pulse()).isEqualTo(2);
        assertThat(stderr()).contains("input settle: 2h is longer than the timeout");

        cli.env().remove("INPUT_API-TOKEN");
        cli.env().remove("INPUT_SETTLE");
        assertThat(pulse()).isEqualTo(2);
        assertThat(stderr()).contains("input api-token: no API token; set the api-token input");
        assertThat(cli.emulator().pulses()).isEmpty();
    }

    @Test
    void aPulseIsCreatedOnceWithTheCiRefsAndReportedEverywhere() throws Exception {
        gitHub();
        cli.env()
                .putAll(Map.of(
                        "GITHUB_SERVER_URL", "https://github.com",
                        "GITHUB_REPOSITORY", "acme/api",
                        "GITHUB_RUN_ID", "99",
                        "GITHUB_SHA", "cd62148",
                        "GITHUB_REF", "refs/heads/main"));
        Path dotenv = dir.resolve("pulse.env");

        int exit = pulse(
                "--summary",
                "Deploy api 1.4.2",
                "--service",
                "api",
                "--environment",
                "Production",
                "--label",
                "version=1.4.2",
                "--ref",
                "image=api:1.4.2",
                "--output",
                "json",
                "--dotenv",
                dotenv.toString());

        assertThat(exit).as(stderr()).isZero();
        var pulse = cli.emulator().pulses().get(0);
        assertThat(cli.emulator().pulses()).hasSize(1);
        assertThat(pulse.source()).as("the CI provider").isEqualTo("github-actions");
        assertThat(pulse.labels()).containsExactly(new RootlyEmulator.KeyValue("version", "1.4.2"));
        assertThat(pulse.refs())
                .extracting(RootlyEmulator.KeyValue::key)
                .containsExactly("commit_sha", "build_url", "ref", "image", "request_id");
        assertThat(pulse.refs()).contains(new RootlyEmulator.KeyValue("commit_sha", "cd62148"));
        assertThat(stderr())
                .contains("Service 'api' is API (")
                .contains("Environment 'Production' is Production (")
                .contains("Created pulse " + pulse.id() + ": Deploy api 1.4.2");
        JsonNode json = JSON.readTree(stdout());
        assertThat(json.path("outcome").asText()).isEqualTo("CREATED");
        assertThat(json.path("pulse_id").asText()).isEqualTo(pulse.id());
        assertThat(json.path("source").asText()).isEqualTo("github-actions");
        assertThat(CliTestSupport.parseDotenv(Files.readString(dotenv)))
                .containsEntry("ROOTLY_PULSE_ID", pulse.id())
                .containsEntry("ROOTLY_PULSE_OUTCOME", "CREATED")
                .containsEntry("ROOTLY_PULSE_RUN_IDS", "");
        assertThat(CliTestSupport.parseGitHubOutput(Files.readString(dir.resolve("out"))))
                .containsEntry("pulse-id", pulse.id())
                .containsEntry("outcome", "CREATED")
                .containsEntry("runs", "[]");
        assertThat(Files.readString(dir.resolve("summary")))
                .startsWith("### Rootly pulse: CREATED")
                .contains("| Pulse | " + pulse.id() + " |");
    }

    @Test
    void listInputsGiveOneItemALineAndNoCiContextLeavesTheCiRefsOut() throws Exception {
        gitHub();
        cli.env().put("GITHUB_SHA", "cd62148");
        cli.env().put("INPUT_SUMMARY", "Deploy web");
        cli.env().put("INPUT_SERVICES", "api\n\n  web  \n");
        cli.env().put("INPUT_LABELS", "team=payments\nversion=2\n");
        cli.env().put("INPUT_REFS", "image=web:2");
        cli.env().put("INPUT_SOURCE", "argo");
        cli.env().put("INPUT_NO-CI-CONTEXT", "true");

        assertThat(pulse()).as(stderr()).isZero();

        var pulse = cli.emulator().pulses().get(0);
        assertThat(pulse.source()).isEqualTo("argo");
        assertThat(pulse.labels())
                .containsExactly(
                        new RootlyEmulator.KeyValue("team", "payments"), new RootlyEmulator.KeyValue("version", "2"));
        assertThat(pulse.refs()).extracting(RootlyEmulator.KeyValue::key).containsExactly("image", "request_id");
        assertThat(stderr()).contains("Service 'api' is API (").contains("Service 'web' is Web (");
    }

    @Test
    void aPulseThatTriggersNothingSucceedsSayingSo() throws Exception {
        // The built-in scenario's pulse workflows run for every pulse but those from source quiet, and for
        // env:production labels.
        int exit = pulse(
                "--summary",
                "Deploy",
                "--source",
                "quiet",
                "--wait-for-triggered",
                "--settle",
                "1s",
                "--output",
                "json");

        assertThat(exit).as(stderr()).isZero();
        String id = cli.emulator().pulses().get(0).id();
        JsonNode json = JSON.readTree(stdout());
        assertThat(json.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(json.path("runs").size()).isZero();
        assertThat(stderr()).contains("SUCCEEDED: no workflow ran for pulse " + id + " (exit 0)");
    }

    @Test
    void anUnknownServiceCreatesNothingAndNamesIt() {
        int exit = pulse("--summary", "Deploy", "--service", "api", "--service", "checkout", "--output", "json");

        assertThat(exit).isEqualTo(5);
        assertThat(cli.emulator().pulses()).isEmpty();
        assertThat(stderr()).contains("'checkout'").contains("no pulse was created");
        assertThat(stdout()).contains("\"outcome\":\"REJECTED_OR_UNREACHABLE\"");
    }

    @Test
    void helpListsThePulseOptionsAndExits() {
        assertThat(pulse("--help")).isZero();
        assertThat(stdout())
                .contains("--summary=TEXT")
                .contains("--wait-for-triggered")
                .contains("--settle=DURATION")
                .contains("default 30s")
                .contains("Exit codes:")
                .contains("130/143");
        assertThat(cli.run("", "--help")).isZero();
        assertThat(stdout()).contains("pulse");
    }
}
