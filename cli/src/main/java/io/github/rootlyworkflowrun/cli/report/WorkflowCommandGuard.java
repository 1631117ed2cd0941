package io.github.rootlyworkflowrun.cli.report;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The log stream of a GitHub Actions step. The runner executes any line that starts with {@code ::} after leading
 * blanks (and the older {@code ##[command]} form anywhere in a line), so text we do not control (Rootly's status
 * messages and names, user values, error text) must never form such a line. Everything written to {@link #text()} is
 * cut into lines at {@code \n} and {@code \r} as the runner cuts them, and each line is defused; only
 * {@link #command} writes a workflow command, and it escapes the command's data itself.
 */
public final class WorkflowCommandGuard {
    private final PrintStream raw;
    private final PrintStream text;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean midLine;

    public WorkflowCommandGuard(PrintStream raw) {
        this.raw = raw;
        this.text = new PrintStream(new LineFilter(), true, StandardCharsets.UTF_8);
    }

    /** A stream for any text: no line written to it can become a workflow command. */
    public PrintStream text() {
        return text;
    }

    /**
     * Writes one workflow command, e.g. {@code command("group", "", title)}; {@code properties} is already in
     * {@code key=value,key=value} form with escaped values, {@code data} is escaped here.
     */
    public void command(String name, String properties, String data) {
        synchronized (this) {
            text.flush();
            if (line.size() > 0) {
                emit(true, '\n');
            }
            endPartialLine();
            raw.print("::" + name + (properties.isEmpty() ? "" : " " + properties) + "::" + escapeData(data) + "\n");
            raw.flush();
        }
    }

    /** Escaping of a command's message, as the Actions toolkit does it. */
    public static String escapeData(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escaping of a command's property values (title=...), as the Actions toolkit does it. */
    public static String escapeProperty(String s) {
        return escapeData(s).replace(":", "%3A").replace(",", "%2C");
    }

    /** A line of text made inert: {@code ::} at its start and {@code ##[} anywhere get a space inside them. */
    public static String defuse(String line) {
        int start = 0;
        while (start < line.length() && blank(line.charAt(start))) {
            start++;
        }
        String s = line;
        if (s.startsWith("::", start)) {
            s = s.substring(0, start) + ": :" + s.substring(start + 2);
        }
        return s.replace("##[", "# #[");
    }

    /**
     * A character the runner's {@code TrimStart} skips: .NET's whitespace, which unlike Java's also holds the
     * no-break spaces and NEL.
     */
    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    private void endPartialLine() {
        if (midLine) {
            raw.print('\n');
            midLine = false;
        }
    }

    private void emit(boolean complete, int terminator) {
        String s = line.toString(StandardCharsets.UTF_8);
        int keep = 0;
        if (!complete) {
            // Part of a line, flushed: send it only once its start is decided, and hold back a trailing "#" or
            // "##" that the next part could turn into "##[".
            int start = 0;
            while (start < s.length() && blank(s.charAt(start))) {
                start++;
            }
            if (!midLine && (start == s.length() || (s.charAt(start) == ':' && start + 1 == s.length()))) {
                return;
            }
            while (keep < 2 && keep < s.length() - start && s.charAt(s.length() - 1 - keep) == '#') {
                keep++;
            }
        }
        String part = s.substring(0, s.length() - keep);
        line.reset();
        line.writeBytes(s.substring(s.length() - keep).getBytes(StandardCharsets.UTF_8));
        raw.print(midLine ? part.replace("##[", "# #[") : defuse(part));
        if (complete) {
            raw.print((char) terminator);
        }
        midLine = !complete;
        raw.flush();
    }

    /** Cuts the text into lines and defuses each. */
    private final class LineFilter extends OutputStream {
        @Override
        public void write(int b) {
            synchronized (WorkflowCommandGuard.this) {
                if (b == '\n' || b == '\r') {
                    emit(true, b);
                } else {
                    line.write(b);
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (WorkflowCommandGuard.this) {
                for (int i = off; i < off + len; i++) {
                    write(b[i]);
                }
            }
        }

        @Override
        public void flush() {
            synchronized (WorkflowCommandGuard.this) {
                if (line.size() > 0) {
                    emit(false, 0);
                }
                raw.flush();
            }
        }
    }
}
