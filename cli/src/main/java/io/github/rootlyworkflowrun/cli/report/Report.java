package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.Outcome;
import java.util.Map;

/**
 * How one invocation ended, in each shape a reporter writes: the JSON object, the dotenv variables, the GitHub
 * outputs and the step summary. One kind of report per command ({@link RunReport}, {@link PulseReport}); the
 * reporters write any of them alike.
 */
public interface Report {
    /** What the result is of, for titles: {@code Rootly workflow run}, {@code Rootly pulse}. */
    String subject();

    Outcome outcome();

    /** The one sentence that says what happened and what to do next. */
    String message();

    /** The JSON object of docs/contract.md, fields in order; absent values are null. */
    Map<String, Object> fields();

    /** The dotenv variables, in order; absent values are empty. */
    Map<String, String> dotenv();

    /** The GitHub outputs (kebab-case), in order; absent values are empty. */
    Map<String, String> outputs();

    /** The Markdown appended to the step summary. */
    String summary(int exitCode);

    /** An output's or variable's text: empty for null, JSON for lists and maps, else the value as it prints. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof java.util.Collection<?> || value instanceof Map<?, ?>
                ? io.github.rootlyworkflowrun.api.PlainJson.write(value)
                : value.toString();
    }
}
