package io.jenkins.plugins.rootly;

import io.github.rootlyworkflowrun.api.RunStatus;
import io.github.rootlyworkflowrun.engine.Outcome;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One pulse a build recorded, with the workflow runs found for it, as the build page shows them. Built from the
 * step's returned fields (docs/contract.md, section 8), so the page shows what the script got; it holds no secret.
 */
public final class PulseRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String pulseId;
    private final String summary;
    private final String source;
    private final String externalUrl;
    private final String outcome;
    private final String message;
    private final List<RunRecord> runs;

    private PulseRecord(
            String pulseId,
            String summary,
            String source,
            String externalUrl,
            String outcome,
            String message,
            List<RunRecord> runs) {
        this.pulseId = pulseId;
        this.summary = summary;
        this.source = source;
        this.externalUrl = externalUrl;
        this.outcome = outcome;
        this.message = message;
        this.runs = List.copyOf(runs);
    }

    /** The pulse from the step's result fields; {@code runs} there is a list of run field maps. */
    static PulseRecord of(Map<String, ?> fields, String externalUrl, String message) {
        List<RunRecord> runs = new ArrayList<>();
        if (fields.get("runs") instanceof List<?> list) {
            for (Object run : list) {
                if (run instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    Map<String, ?> runFields = (Map<String, ?>) m;
                    runs.add(new RunRecord(runFields, null));
                }
            }
        }
        return new PulseRecord(
                (String) fields.get("pulse_id"),
                (String) fields.get("summary"),
                (String) fields.get("source"),
                externalUrl,
                (String) fields.get("outcome"),
                message,
                runs);
    }

    /** The record with {@code run} added, or put in place of the record of the same run id. */
    PulseRecord withRun(RunRecord run) {
        List<RunRecord> updated = new ArrayList<>(runs);
        updated.removeIf(r -> r.getRunId() != null && r.getRunId().equals(run.getRunId()));
        updated.add(run);
        return new PulseRecord(pulseId, summary, source, externalUrl, outcome, message, updated);
    }

    /**
     * The record once the build stopped waiting: the pulse, and each run not yet finished (with its status as last
     * seen in {@code lastStatus}, by run id), marked ABORTED; a run seen finishing keeps that status.
     */
    PulseRecord aborted(Map<String, String> lastStatus) {
        List<RunRecord> marked = new ArrayList<>();
        for (RunRecord r : runs) {
            String last = lastStatus.get(r.getRunId());
            if (!Outcome.CREATED.name().equals(r.getOutcome())) {
                marked.add(r);
            } else if (last != null && RunStatus.fromWire(last).isTerminal()) {
                marked.add(r.endedUnreported(last));
            } else {
                marked.add(r.aborted(last));
            }
        }
        return new PulseRecord(
                pulseId,
                summary,
                source,
                externalUrl,
                RunRecord.ABORTED,
                "Build aborted while waiting; the pulse and its runs go on in Rootly, which has no cancel API",
                marked);
    }

    public String getPulseId() {
        return pulseId;
    }

    public String getSummary() {
        return summary;
    }

    public String getSource() {
        return source;
    }

    /** The pulse's external URL when it is a web link, for the build page; null otherwise (no javascript: links). */
    public String getExternalLink() {
        if (externalUrl == null) {
            return null;
        }
        String lower = externalUrl.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? externalUrl : null;
    }

    public String getOutcome() {
        return outcome;
    }

    public String getMessage() {
        return message;
    }

    public List<RunRecord> getRuns() {
        return runs;
    }
}
