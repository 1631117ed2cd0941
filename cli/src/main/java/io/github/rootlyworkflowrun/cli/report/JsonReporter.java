package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.api.PlainJson;
import java.io.PrintStream;

/** {@code --output json}: exactly one JSON object with the fields of docs/contract.md on stdout, whatever the outcome. */
public final class JsonReporter implements Reporter {
    private final PrintStream out;

    public JsonReporter(PrintStream out) {
        this.out = out;
    }

    @Override
    public void finish(Report report, int exitCode) {
        out.println(PlainJson.write(report.fields()));
        out.flush();
    }
}
