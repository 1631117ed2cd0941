package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.api.PlainJson;
import io.github.rootlyworkflowrun.engine.Outcome;
import java.util.Collection;
import java.util.Map;

/**
 * How one invocation ended, in each shape a reporter writes: the JSON object, the dotenv variables, the GitHub
 * outputs and the step summary. One kind of report per command ({@link RunReport}, {@link PulseReport}); the
 * reporters write any of them alike.
 */
public abstract class Report {
    private final String subject;
    private final Outcome outcome;
    private final String message;
    private final Map<String, Object> fields;

    Report(String subject, Outcome outcome, String message, Map<String, Object> fields) {
        this.subject = subject;
        this.outcome = outcome;
        this.message = message;
        this.fields = fields;
    }

    /** What the result is of, for titles: {@code Rootly workflow run}, {@code Rootly pulse}. */
    public final String subject() {
        return subject;
    }

    public final Outcome outcome() {
        return outcome;
    }

    /** The one sentence that says what happened and what to do next. */
    public final String message() {
        return message;
    }

    /** The JSON object of docs/contract.md, fields in order; absent values are null. */
    public final Map<String, Object> fields() {
        return fields;
    }

    /** The dotenv variables, in order; absent values are empty. */
    public abstract Map<String, String> dotenv();

    /** The GitHub outputs (kebab-case), in order; absent values are empty. */
    public abstract Map<String, String> outputs();

    /** The Markdown appended to the step summary. */
    public abstract String summary(int exitCode);

    /** An output's or variable's text: empty for null, JSON for lists and maps, else the value as it prints. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof Collection<?> || value instanceof Map<?, ?> ? PlainJson.write(value) : value.toString();
    }
}
