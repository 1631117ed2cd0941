package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's leak guard catches a planted leak, wherever it is, and lets the mask command through. */
class TokenScanTest {
    private static final String TOKEN = TokenScan.secret("scan-test-SECRET-5f0a");

    @Test
    void aPlantedLeakInStderrFailsTheCapture() {
        assertThatThrownBy(() -> TokenScan.capture("planted stderr", "::group::x\nRetrying with " + TOKEN + "\n"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("planted stderr")
                .hasMessageContaining("Retrying with <TOKEN>")
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void aPlantedLeakInAFileFailsTheCapture(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("dotenv"), "ROOTLY_WORKFLOW_RUN_STATUS_MESSAGE='" + TOKEN + "'\n");

        assertThatThrownBy(() -> TokenScan.captureFile("planted dotenv", file)).isInstanceOf(AssertionError.class);
    }

    @Test
    void onlyTheMaskCommandMayHoldTheToken() {
        assertThat(TokenScan.capture("stderr", "::add-mask::" + TOKEN + "\n::group::run\n"))
                .isNotEmpty();
        assertThat(TokenScan.leaks("a\r::add-mask::" + TOKEN + "\r" + "x::add-mask::" + TOKEN, Set.of(TOKEN)))
                .as("a mask command counts only at the start of a line, lines cut at \\r too")
                .containsExactly("x::add-mask::<TOKEN>");
    }
}
