package io.github.rootlyworkflowrun.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Text written to the guard can never form a workflow command line; the guard's own commands are escaped. */
class WorkflowCommandGuardTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final WorkflowCommandGuard guard =
            new WorkflowCommandGuard(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private String log() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyLineIsDefusedWhereverItIsCut() {
        PrintStream text = guard.text();
        text.println("::stop-commands::x");
        text.print("ok\n  ::warning::a\r::error::b\r\n");
        text.print(" ");
        text.print(":");
        text.print(":set-output name=a::b #");
        text.print("#");
        text.println("[error]old");

        assertThat(log())
                .isEqualTo(
                        ": :stop-commands::x\nok\n  : :warning::a\r: :error::b\r\n : :set-output name=a::b # #[error]old\n");
    }

    @Test
    void commandsAreEscapedAndEndAPartialLineFirst() {
        guard.text().print("partial");
        guard.command("error", "title=" + WorkflowCommandGuard.escapeProperty("a: b, c%"), "line 1\nline 2\r%");
        guard.command("endgroup", "", "");

        assertThat(log()).isEqualTo("partial\n::error title=a%3A b%2C c%25::line 1%0Aline 2%0D%25\n::endgroup::\n");
    }

    @Test
    void blanksTheRunnerTrimsCountAsLeadingBlanks() {
        guard.text().println("\u00a0\u2007\u202f\u0085\u3000\t::stop-commands::x");
        assertThat(log()).isEqualTo("\u00a0\u2007\u202f\u0085\u3000\t: :stop-commands::x\n");
    }

    @Test
    void plainTextIsUntouched() {
        guard.text().println("Run r1 is started after 3s: a :: b ## [c]");
        assertThat(log()).isEqualTo("Run r1 is started after 3s: a :: b ## [c]\n");
    }
}
