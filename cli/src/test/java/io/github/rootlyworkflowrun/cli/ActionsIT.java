package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two composite actions as a GitHub runner runs them ({@link CompositeAction}): their own steps, the shared
 * action/find-java.sh and action/run.sh, the built jar, against the emulator; checked by the outputs a workflow
 * would read from the action.
 */
class ActionsIT {
    private static final String TOKEN = TokenScan.secret("actions-it-SECRET-0b7e");
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @RegisterExtension
    static final ClassEmulator emulator = new ClassEmulator(
            TOKEN,
            """
            workflows:
              - {slug: ok, name: OK, steps: [{status: started, for: 300ms}, {status: completed}]}
              - slug: smoke
                name: Smoke test
                pulseConditions: {label: {operator: CONTAINS, values: ["stage:deploy"]}}
                steps: [{status: started, for: 300ms}, {status: failed, statusMessage: "Smoke failed"}]
            services:
              - {slug: api, name: API}
            """);

    @TempDir
    Path dir;

    /** The job's environment: a Java the way hosted runners announce theirs, and nothing else of this machine. */
    private static Map<String, String> runner() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv("PATH"));
        env.put("HOME", System.getProperty("java.io.tmpdir"));
        env.put("JAVA_HOME_17_X64", System.getProperty("java.home"));
        return env;
    }

    /** Runs {@code action} with these {@code with:} values (name, value, ...) and the token and the emulator's URL. */
    private CompositeAction.Result run(String action, String... with) throws Exception {
        Map<String, String> inputs = new HashMap<>(Map.of("api-token", TOKEN, "api-url", emulator.baseUrl()));
        for (int i = 0; i < with.length; i += 2) {
            inputs.put(with[i], with[i + 1]);
        }
        CompositeAction.Result r = CompositeAction.run(ROOT.resolve(action), inputs, runner(), dir);
        TokenScan.capture("action log", r.log());
        TokenScan.capture("action summary", r.summary());
        TokenScan.capture("action outputs", r.outputs().toString());
        return r;
    }

    @Test
    void theRunActionRunsTheJarThroughTheSharedScripts() throws Exception {
        CompositeAction.Result r = run("action.yml", "workflow", "ok", "wait", "true", "poll-interval", "1s");

        assertThat(r.exit()).as(r.log()).isZero();
        assertThat(r.log()).contains("Using " + System.getProperty("java.home"));
        assertThat(r.outputs())
                .containsEntry("outcome", "SUCCEEDED")
                .containsEntry("run-id", emulator.ledger().get(0).id())
                .containsEntry("status", "completed");
        assertThat(r.summary()).startsWith("### Rootly workflow run: SUCCEEDED");
    }

    @Test
    void thePulseActionRunsThePulseCommand() throws Exception {
        CompositeAction.Result r = run(
                "pulse/action.yml",
                "summary",
                "Deploy api 1.4.2",
                "services",
                "api\n",
                "labels",
                "team=payments\nversion=1.4.2");

        assertThat(r.exit()).as(r.log()).isZero();
        assertThat(emulator.pulses()).hasSize(1);
        var pulse = emulator.pulses().get(0);
        assertThat(pulse.summary()).isEqualTo("Deploy api 1.4.2");
        assertThat(pulse.labels()).hasSize(2);
        assertThat(r.outputs())
                .containsEntry("pulse-id", pulse.id())
                .containsEntry("outcome", "CREATED")
                .containsEntry("run-ids", "")
                .containsEntry("runs", "[]")
                .containsEntry("summary", "Deploy api 1.4.2");
        assertThat(r.log()).contains("::add-mask::" + TOKEN).contains("Service 'api' is API (");
        assertThat(r.summary()).startsWith("### Rootly pulse: CREATED");
    }

    @Test
    void aBadInputFailsTheStepWithTheInputNamed() throws Exception {
        CompositeAction.Result r = run("pulse/action.yml", "summary", "Deploy", "settle", "soon");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.log()).contains("::error title=Rootly pulse USAGE_ERROR::input settle: 'soon' is not a duration");
        assertThat(r.outputs()).containsEntry("outcome", "USAGE_ERROR");
        assertThat(emulator.pulses()).isEmpty();
    }

    @Test
    void thePulseActionFailsTheStepWhenATriggeredRunFails() throws Exception {
        CompositeAction.Result r = run(
                "pulse/action.yml",
                "summary",
                "Deploy api",
                "labels",
                "stage=deploy",
                "wait-for-triggered",
                "true",
                "settle",
                "2s",
                "poll-interval",
                "1s");

        assertThat(r.exit()).as(r.log()).isEqualTo(1);
        String runId = emulator.ledger().get(0).id();
        assertThat(r.outputs())
                .containsEntry("pulse-id", emulator.pulses().get(0).id())
                .containsEntry("outcome", "FAILED")
                .containsEntry("run-ids", runId);
        assertThat(r.outputs().get("runs"))
                .contains("\"run_id\":\"" + runId + "\"")
                .contains("Smoke failed");
        assertThat(r.log()).contains("::error title=Rootly pulse FAILED::");
    }
}
