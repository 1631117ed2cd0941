package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.RunResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A workflow run's result (docs/contract.md, section 5): every field in every shape. */
public final class RunReport extends Report {
    private static final List<String> TARGETS =
            List.of("incident_id", "post_mortem_id", "action_item_id", "alert_id", "pulse_id");

    public RunReport(RunResult result) {
        super("Rootly workflow run", result.outcome(), result.message(), result.fields());
    }

    /** The dotenv variable for a result field: {@code run_id} is {@code ROOTLY_WORKFLOW_RUN_ID}, others are prefixed. */
    public static String variable(String field) {
        return field.equals("run_id")
                ? "ROOTLY_WORKFLOW_RUN_ID"
                : "ROOTLY_WORKFLOW_RUN_" + field.toUpperCase(Locale.ROOT);
    }

    @Override
    public Map<String, String> dotenv() {
        Map<String, String> vars = new LinkedHashMap<>();
        fields().forEach((field, value) -> vars.put(variable(field), text(value)));
        return vars;
    }

    @Override
    public Map<String, String> outputs() {
        return kebab(fields());
    }

    /** Every field kebab-cased, as GitHub outputs. */
    static Map<String, String> kebab(Map<String, Object> fields) {
        Map<String, String> outputs = new LinkedHashMap<>();
        fields.forEach((field, value) -> outputs.put(field.replace('_', '-'), text(value)));
        return outputs;
    }

    @Override
    public String summary(int exitCode) {
        Map<String, Object> f = fields();
        Markdown m = Markdown.start(this, exitCode)
                .row("Workflow", Markdown.named(f.get("workflow_name"), f.get("workflow_id")))
                .row("Run", f.get("run_id"))
                .row("Status", f.get("status"))
                .row("Status message", f.get("status_message"));
        for (String target : TARGETS) {
            if (f.get(target) != null) {
                m.row(target.replace("_id", "").replace('_', ' '), f.get(target));
            }
        }
        return m.row("Created", f.get("created_at"))
                .row("Finished", finished(f))
                .row("Elapsed", Markdown.seconds(f.get("elapsed_seconds")))
                .row("API requests", f.get("api_requests"))
                .paragraph(message())
                .toString();
    }

    /** When a run's fields say it ended, whichever way. */
    static Object finished(Map<String, Object> f) {
        return Markdown.firstNonNull(Arrays.asList(f.get("completed_at"), f.get("failed_at"), f.get("canceled_at")));
    }
}
