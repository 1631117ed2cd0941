package io.jenkins.plugins.rootly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the build page keeps of a pulse: its runs as found, updated, and as left by an abort; only web links. */
class PulseRecordTest {
    private static Map<String, Object> run(String id, String workflow, String status) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("outcome", "CREATED");
        f.put("run_id", id);
        f.put("status", status);
        f.put("workflow_name", workflow);
        f.put("created_at", "2026-08-21T10:15:01Z");
        return f;
    }

    private static PulseRecord pulse(String externalUrl, List<Map<String, Object>> runs) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("outcome", "CREATED");
        f.put("pulse_id", "p-1");
        f.put("summary", "Deploy checkout");
        f.put("source", "jenkins");
        f.put("runs", runs);
        return PulseRecord.of(f, externalUrl, "Created pulse p-1");
    }

    @Test
    void runsFoundLaterAreAddedOrReplacedByRunId() {
        PulseRecord p = pulse(null, List.of(run("r-1", "Announce", "queued")));

        PulseRecord updated = p.withRun(new RunRecord(run("r-2", "Smoke", "queued"), null))
                .withRun(new RunRecord(run("r-1", "Announce", "started"), null));

        assertThat(updated.getRuns())
                .extracting(RunRecord::getRunId, RunRecord::getStatus)
                .containsExactly(tuple("r-2", "queued"), tuple("r-1", "started"));
        assertThat(p.getRuns()).as("records are immutable").hasSize(1);
    }

    @Test
    void anAbortMarksThePulseAndTheUnfinishedRunsAndKeepsWhatWasSeenFinishing() {
        PulseRecord p = pulse(
                null,
                List.of(run("r-1", "Announce", "queued"), run("r-2", "Smoke", "queued"), run("r-3", "Slow", "queued")));

        PulseRecord aborted = p.aborted(Map.of("r-1", "completed", "r-2", "started"));

        assertThat(aborted.getOutcome()).isEqualTo("ABORTED");
        assertThat(aborted.getMessage()).contains("go on in Rootly");
        assertThat(aborted.getRuns())
                .extracting(RunRecord::getRunId, RunRecord::getStatus, RunRecord::getOutcome)
                .containsExactly(
                        tuple("r-1", "completed", null),
                        tuple("r-2", "started", "ABORTED"),
                        tuple("r-3", "queued", "ABORTED"));
    }

    @Test
    void onlyWebLinksAreShownAsLinks() {
        assertThat(pulse("https://ci.example.com/release/42", List.of()).getExternalLink())
                .isEqualTo("https://ci.example.com/release/42");
        assertThat(pulse("javascript:alert(1)", List.of()).getExternalLink()).isNull();
        assertThat(pulse(null, List.of()).getExternalLink()).isNull();
    }

    @Test
    void theActionKeepsOnePulseRecordPerPulseInTheBuildsOrder() throws Exception {
        FakeStepContext.FakeRun build = new FakeStepContext.FakeRun();

        RootlyPulseAction.record(build, pulse(null, List.of()));
        RootlyPulseAction.recordRun(build, "p-1", new RunRecord(run("r-1", "Announce", "queued"), null));
        RootlyPulseAction.recordAbort(build, "p-1", Map.of());
        RootlyPulseAction.recordRun(build, "unknown", new RunRecord(run("r-9", "Other", "queued"), null));

        assertThat(build.getAction(RootlyPulseAction.class).getPulses())
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.getOutcome()).isEqualTo("ABORTED");
                    assertThat(p.getRuns()).extracting(RunRecord::getRunId).containsExactly("r-1");
                });
    }
}
