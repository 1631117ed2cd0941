package io.github.rootlyworkflowrun.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a pulse invocation ended: the pulse, the runs it triggered (each as its own {@link RunResult}), and the
 * worst of their outcomes. {@link #fields()} is the shape every front end publishes; {@code ticket} is set once the
 * pulse exists.
 */
public record PulseResult(
        Outcome outcome,
        String message,
        String pulseId,
        String summary,
        String source,
        List<RunResult> runs,
        Duration elapsed,
        int apiRequests,
        CompletedWithErrorsPolicy completedWithErrors,
        PulseTicket ticket) {

    public PulseResult {
        runs = runs == null ? List.of() : List.copyOf(runs);
        completedWithErrors = completedWithErrors == null ? RunSpec.DEFAULT_COMPLETED_WITH_ERRORS : completedWithErrors;
    }

    /** The result of input rejected before anything was sent; {@code message} names the field and the fix. */
    public static PulseResult usageError(String message) {
        return new PulseResult(Outcome.USAGE_ERROR, message, null, null, null, List.of(), Duration.ZERO, 0, null, null);
    }

    /** The process exit code of docs/contract.md, by the spec's completed-with-errors policy. */
    public int exitCode() {
        return outcome.exitCode(completedWithErrors);
    }

    /** The build result of docs/contract.md, by the spec's completed-with-errors policy. */
    public BuildResult buildResult() {
        return outcome.buildResult(completedWithErrors);
    }

    /** The ids of the runs found, in the order they were found. */
    public List<String> runIds() {
        List<String> ids = new ArrayList<>();
        for (RunResult r : runs) {
            String id = r.run() != null
                    ? r.run().id()
                    : r.ticket() != null ? r.ticket().runId() : null;
            if (id != null) {
                ids.add(id);
            }
        }
        return List.copyOf(ids);
    }

    /**
     * The output fields of docs/contract.md for pulses, in order: {@code outcome, pulse_id, summary, source, runs,
     * elapsed_seconds, api_requests}, {@code runs} a list of each run's {@link RunResult#fields()}; absent values
     * are null.
     */
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("outcome", outcome.name());
        f.put("pulse_id", pulseId);
        f.put("summary", summary);
        f.put("source", source);
        List<Map<String, Object>> list = new ArrayList<>();
        runs.forEach(r -> list.add(r.fields()));
        f.put("runs", Collections.unmodifiableList(list));
        f.put("elapsed_seconds", elapsed == null ? 0L : elapsed.toSeconds());
        f.put("api_requests", apiRequests);
        return Collections.unmodifiableMap(f);
    }
}
