package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.api.PlainJson;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunResult;
import java.io.PrintStream;

/** {@code --output json}: exactly one JSON object with the fields of docs/contract.md on stdout, whatever the outcome. */
public final class JsonReporter implements Reporter {
    private final PrintStream out;

    public JsonReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void finish(RunResult result, CompletedWithErrorsPolicy policy, int exitCode) {
        out.println(PlainJson.write(result.fields()));
        out.flush();
    }
}
