package io.github.rootlyworkflowrun.cli.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code --dotenv PATH}: the result as {@code ROOTLY_WORKFLOW_RUN_*} or {@code ROOTLY_PULSE_*} lines, for GitLab's
 * {@code artifacts:reports:dotenv} and any CI that reads dotenv files. Written on every path.
 */
public final class DotenvReporter implements Reporter {
    /** Characters that mean nothing to a POSIX shell inside a word, so such values need no quotes. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.,:/@%+=-]*");

    private final Path file;
    private final PrintStream err;

    public DotenvReporter(Path file, PrintStream err) {
        this.file = file;
        this.err = err;
    }

    /**
     * A value as one dotenv line that {@code set -a; . file} reads back unchanged and never runs: ids, statuses and
     * timestamps stay bare (as GitLab wants them; it keeps quotes as part of a value), anything else is single-quoted.
     */
    static String quote(String value) {
        // GitLab's dotenv takes one line a variable: newlines in a value would end it early.
        String v = value.replaceAll("[\\r\\n]+", " ");
        return PLAIN.matcher(v).matches() ? v : "'" + v.replace("'", "'\\''") + "'";
    }

    /**
     * Why {@code file} cannot take the dotenv, or null when it can; checked before anything is sent, so a run is
     * never created whose id then has nowhere to go.
     */
    public static String unwritable(Path file) {
        Path absolute = file.toAbsolutePath();
        Path parent = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            return "it is a directory";
        }
        if (parent == null || !Files.isDirectory(parent)) {
            return "no such directory " + parent;
        }
        if (Files.exists(absolute) ? !Files.isWritable(absolute) : !Files.isWritable(parent)) {
            return "permission denied";
        }
        return null;
    }

    @Override
    public void finish(Report report, int exitCode) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> v : report.dotenv().entrySet()) {
            b.append(v.getKey()).append('=').append(quote(v.getValue())).append('\n');
        }
        try {
            Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("rootly-workflow-run: could not write --dotenv " + file + ": " + problem(e));
        }
    }

    /** The reason for a failed file operation, in words. */
    public static String problem(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
