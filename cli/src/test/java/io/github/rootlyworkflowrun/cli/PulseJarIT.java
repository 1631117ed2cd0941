package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rootly-workflow-run pulse} from the built jar, in GitHub Actions mode, against an emulator whose pulse
 * workflows start runs for matching pulses: exit code, JSON, dotenv, $GITHUB_OUTPUT and the step summary, and the
 * ledger, which shows one pulse per invocation (or none) and the runs it started.
 */
class PulseJarIT {
    private static final String TOKEN = TokenScan.secret("pulse-jar-it-SECRET-5a90");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClassEmulator emulator = new ClassEmulator(
            TOKEN,
            """
            services:
              - {slug: api, name: API}
            workflows:
              - {slug: ok, name: OK, steps: [{status: completed}]}
              - slug: notify
                name: Notify deploy
                startAfter: 200ms
                pulseConditions: {label: {operator: CONTAINS, values: ["team:payments"]}}
                steps: [{status: started, for: 300ms}, {status: completed}]
              - slug: smoke
                name: Smoke test
                startAfter: 400ms
                pulseConditions: {label: {operator: CONTAINS, values: ["team:payments"]}}
                steps: [{status: started, for: 500ms}, {status: failed, statusMessage: "Task 'Smoke' failed"}]
              - slug: elsewhere
                name: Elsewhere
                pulseConditions: {source: {operator: IS, values: [jenkins]}}
                steps: [{status: completed}]
            """);

    @TempDir
    Path dir;

    private GitHubJarRun pulse(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("pulse"));
        argv.addAll(List.of(args));
        return GitHubJarRun.of(
                dir,
                Map.of(
                        "GITHUB_SERVER_URL", "https://github.com",
                        "GITHUB_REPOSITORY", "acme/api",
                        "GITHUB_RUN_ID", "99",
                        "GITHUB_SHA", "cd62148",
                        "ROOTLY_API_TOKEN", TOKEN,
                        "ROOTLY_API_URL", emulator.baseUrl()),
                argv);
    }

    @Test
    void aPulseThatStartsTwoRunsOneFailingExitsOneAndReportsBoth() throws Exception {
        GitHubJarRun r = pulse(
                "--summary",
                "Deploy api 1.4.2",
                "--service",
                "api",
                "--label",
                "team=payments",
                "--wait-for-triggered",
                "--settle",
                "2s",
                "--poll-interval",
                "1s",
                "--timeout",
                "1m");

        assertThat(r.exit()).as(r.stderr()).isEqualTo(1);
        assertThat(emulator.pulses()).hasSize(1);
        RootlyEmulator.PulseEntry pulse = emulator.pulses().get(0);
        assertThat(pulse.runIds()).hasSize(2);
        assertThat(pulse.source()).isEqualTo("github-actions");
        assertThat(pulse.refs()).extracting(RootlyEmulator.KeyValue::key).contains("commit_sha", "build_url");
        assertThat(emulator.ledger()).as("runs created: only the pulse's").hasSize(2);

        JsonNode json = JSON.readTree(r.stdout());
        assertThat(r.stdout().lines()).hasSize(1);
        assertThat(json.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(json.path("pulse_id").asText()).isEqualTo(pulse.id());
        assertThat(json.path("source").asText()).isEqualTo("github-actions");
        Map<String, String> outcomes = new HashMap<>();
        json.path("runs")
                .forEach(run -> outcomes.put(
                        run.path("workflow_name").asText(), run.path("outcome").asText()));
        assertThat(outcomes).containsOnly(Map.entry("Notify deploy", "SUCCEEDED"), Map.entry("Smoke test", "FAILED"));
        json.path("runs")
                .forEach(run -> assertThat(run.path("pulse_id").asText()).isEqualTo(pulse.id()));
        Set<String> ids = new java.util.HashSet<>(pulse.runIds());

        assertThat(Set.of(r.dotenv().get("ROOTLY_PULSE_RUN_IDS").split(","))).isEqualTo(ids);
        assertThat(r.dotenv())
                .containsEntry("ROOTLY_PULSE_ID", pulse.id())
                .containsEntry("ROOTLY_PULSE_OUTCOME", "FAILED");
        assertThat(r.outputs())
                .containsEntry("pulse-id", pulse.id())
                .containsEntry("outcome", "FAILED")
                .containsEntry("run-ids", r.dotenv().get("ROOTLY_PULSE_RUN_IDS"));
        assertThat(JSON.readTree(r.outputs().get("runs"))).isEqualTo(json.path("runs"));
        assertThat(r.summary())
                .startsWith("### Rootly pulse: FAILED")
                .contains("| Outcome | FAILED (exit 1) |")
                .contains("| Workflow | Run | Outcome | Status |");
        assertThat(r.summary().lines().filter(l -> ids.stream().anyMatch(id -> l.contains("| " + id + " |"))))
                .as("one row per run")
                .hasSize(2);

        assertThat(r.stderr())
                .startsWith("::add-mask::" + TOKEN)
                .contains("Created pulse " + pulse.id())
                .contains("3 enabled workflows are triggered by pulses")
                .contains("::error title=Rootly pulse FAILED::");
        assertThat(r.stderr().lines().filter(l -> l.startsWith("Pulse " + pulse.id() + " started run ")))
                .hasSize(2);
        // The failure is said once, as the annotation, with Rootly's status message.
        assertThat(r.stderr().lines().filter(l -> l.contains("Task 'Smoke' failed") && !l.startsWith("Run ")))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("::error title=Rootly pulse FAILED::Pulse " + pulse.id()));
    }

    @Test
    void aPulseNoWorkflowMatchesExitsZeroSayingSo() throws Exception {
        GitHubJarRun r =
                pulse("--summary", "Deploy api", "--label", "team=nobody", "--wait-for-triggered", "--settle", "1s");

        assertThat(r.exit()).as(r.stderr()).isZero();
        String id = emulator.pulses().get(0).id();
        assertThat(emulator.pulses()).hasSize(1);
        assertThat(emulator.ledger()).isEmpty();
        assertThat(JSON.readTree(r.stdout()).path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(r.stderr()).contains("no workflow ran for pulse " + id);
        assertThat(r.outputs()).containsEntry("run-ids", "").containsEntry("runs", "[]");
        assertThat(r.summary()).contains("no workflow ran for pulse " + id).doesNotContain("| Workflow |");
        assertThat(r.dotenv()).containsEntry("ROOTLY_PULSE_RUN_IDS", "");
    }

    @Test
    void anUnknownServiceCreatesNothing() throws Exception {
        GitHubJarRun r = pulse("--summary", "Deploy", "--service", "checkout", "--wait-for-triggered");

        assertThat(r.exit()).isEqualTo(5);
        assertThat(emulator.pulses()).as("pulses created").isEmpty();
        assertThat(emulator.ledger()).isEmpty();
        assertThat(r.stderr()).contains("No service matched 'checkout'").contains("no pulse was created");
        assertThat(r.outputs())
                .containsEntry("outcome", "REJECTED_OR_UNREACHABLE")
                .containsEntry("pulse-id", "");
        assertThat(r.dotenv()).containsEntry("ROOTLY_PULSE_OUTCOME", "REJECTED_OR_UNREACHABLE");
        assertThat(emulator.requestCounts().keySet().stream().collect(Collectors.toSet()))
                .doesNotContain("create_pulse");
    }

    @Test
    void withoutWaitingThePulseIsCreatedAndNothingElseIsAsked() throws Exception {
        GitHubJarRun r = pulse("--summary", "Deploy", "--label", "team=payments");

        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(emulator.pulses()).hasSize(1);
        assertThat(JSON.readTree(r.stdout()).path("outcome").asText()).isEqualTo("CREATED");
        assertThat(emulator.requestCounts()).doesNotContainKeys("list_workflows", "list_runs");
    }
}
