package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.ProgressEvent;

/** One place an invocation reports to: the terminal, a CI system's files and commands, stdout JSON, a dotenv file. */
public interface Reporter {

    /** Called first, before anything else is printed: the place to mask secrets. */
    default void begin(String description) {}

    default void progress(ProgressEvent event) {}

    /** Called exactly once, on every path, failures and bad input included. */
    default void finish(Report report, int exitCode) {}
}
