package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.PulseResult;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pulse's result (docs/contract.md, section 8): the JSON object with every run's fields, the three
 * {@code ROOTLY_PULSE_*} variables, the GitHub outputs with {@code run-ids} and {@code runs} (JSON), and a summary
 * with one row per run.
 */
public final class PulseReport extends Report {
    private final PulseResult result;

    public PulseReport(PulseResult result) {
        super("Rootly pulse", result.outcome(), result.message(), result.fields());
        this.result = result;
    }

    private String runIds() {
        return String.join(",", result.runIds());
    }

    @Override
    public Map<String, String> dotenv() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("ROOTLY_PULSE_ID", text(result.pulseId()));
        vars.put("ROOTLY_PULSE_OUTCOME", outcome().name());
        vars.put("ROOTLY_PULSE_RUN_IDS", runIds());
        return vars;
    }

    @Override
    public Map<String, String> outputs() {
        Map<String, String> outputs = RunReport.kebab(fields());
        outputs.put("run-ids", runIds());
        return outputs;
    }

    @Override
    public String summary(int exitCode) {
        Map<String, Object> f = fields();
        Markdown m = Markdown.start(this, exitCode)
                .row("Pulse", f.get("pulse_id"))
                .row("Summary", f.get("summary"))
                .row("Source", f.get("source"))
                .row("Elapsed", Markdown.seconds(f.get("elapsed_seconds")))
                .row("API requests", f.get("api_requests"));
        if (!result.runs().isEmpty()) {
            m.paragraph("Workflow runs the pulse triggered:")
                    .columns("Workflow", "Run", "Outcome", "Status", "Status message", "Created", "Finished");
            for (RunResult run : result.runs()) {
                Map<String, Object> r = run.fields();
                m.row(
                        Markdown.named(r.get("workflow_name"), r.get("workflow_id")),
                        r.get("run_id"),
                        r.get("outcome"),
                        r.get("status"),
                        r.get("status_message"),
                        r.get("created_at"),
                        RunReport.finished(r));
            }
        }
        return m.paragraph(message()).toString();
    }
}
