package io.github.rootlyworkflowrun.cli.report;

import io.github.rootlyworkflowrun.engine.Durations;
import java.time.Duration;
import java.util.List;

/** The step summary's Markdown: headings and tables whose cells cannot break the table. */
final class Markdown {
    private final StringBuilder b = new StringBuilder();

    /** A report's summary so far: the heading and the first row of its table, the outcome with the exit code. */
    static Markdown start(Report report, int exitCode) {
        Markdown m = new Markdown();
        m.b.append("### ")
                .append(report.subject())
                .append(": ")
                .append(report.outcome())
                .append("\n\n");
        return m.columns("", "").row("Outcome", report.outcome() + " (exit " + exitCode + ")");
    }

    /** A table's header row and its separator. */
    Markdown columns(String... names) {
        b.append('|');
        for (String name : names) {
            b.append(name.isEmpty() ? " |" : " " + name + " |");
        }
        b.append("\n|").append("---|".repeat(names.length)).append('\n');
        return this;
    }

    /** One row; a null cell is empty, a pipe or line break in a cell is escaped. */
    Markdown row(Object... cells) {
        b.append('|');
        for (Object cell : cells) {
            b.append(' ').append(cell(cell)).append(" |");
        }
        b.append('\n');
        return this;
    }

    Markdown paragraph(String text) {
        b.append('\n').append(text).append("\n\n");
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }

    private static String cell(Object value) {
        return value == null ? "" : value.toString().replace("|", "\\|").replaceAll("\\r?\\n", "<br>");
    }

    /** {@code name (id)}, or whichever of them there is. */
    static String named(Object name, Object id) {
        if (name == null) {
            return id == null ? null : id.toString();
        }
        return id == null ? name.toString() : name + " (" + id + ")";
    }

    static Object firstNonNull(List<Object> values) {
        return values.stream().filter(v -> v != null).findFirst().orElse(null);
    }

    static String seconds(Object elapsedSeconds) {
        return Durations.format(Duration.ofSeconds(((Number) elapsedSeconds).longValue()));
    }
}
