package io.github.rootlyworkflowrun.cli.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.PrintStream;

/** {@code --output json}: exactly one JSON object with the contract's fields on stdout, whatever the outcome. */
public final class JsonReporter implements Reporter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;

    public JsonReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void finish(RunResult result, CompletedWithErrorsPolicy policy, int exitCode) {
        try {
            out.println(JSON.writeValueAsString(result.fields()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result fields are plain values", e);
        }
        out.flush();
    }
}
