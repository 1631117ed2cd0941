package io.github.rootlyworkflowrun.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 16: a failing outcome is printed once, in GitHub Actions (as the annotation) and elsewhere. */
class FailurePrintedOnceTest {
    private static final String TOKEN = "cli-once-SECRET-token";

    @TempDir
    Path dir;

    private RootlyEmulator emulator;

    @BeforeEach
    void start() {
        emulator = RootlyEmulator.builder().token(TOKEN).start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @ParameterizedTest(name = "GitHub Actions: {0}")
    @ValueSource(booleans = {true, false})
    void aFailedRunIsReportedOnce(boolean github) throws Exception {
        Map<String, String> env =
                new HashMap<>(Map.of("ROOTLY_API_TOKEN", TOKEN, "ROOTLY_API_URL", emulator.baseUrl()));
        if (github) {
            env.put("GITHUB_ACTIONS", "true");
            env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("out")).toString());
            env.put(
                    "GITHUB_STEP_SUMMARY",
                    Files.createFile(dir.resolve("summary")).toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = Main.execute(
                new String[] {"--workflow", "deploy-fails", "--wait", "--poll-interval", "1s"},
                new Environment(env),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        String stderr = err.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr).isEqualTo(1);
        assertThat(stderr.lines().filter(l -> l.contains(" ended failed after ")))
                .as(stderr)
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith(github ? "::error title=Rootly workflow run FAILED::Run " : "FAILED: Run "));
    }
}
