package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The runner in-process against its own emulator, as the unit tests run it: a staged environment (the token and
 * the emulator's URL to begin with), stdout and stderr captured per run, and everything it printed or wrote
 * (the GitHub files, a dotenv) passed through {@link TokenScan}. A test registers one per test
 * ({@code @RegisterExtension final InProcessCli cli = ...}); its emulator is closed after the test.
 */
final class InProcessCli implements AfterEachCallback {
    private final RootlyEmulator emulator;
    private final Map<String, String> env = new HashMap<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    InProcessCli(String token, RootlyEmulator.Builder emulator) {
        this.emulator = emulator.token(token).start();
        env.put("ROOTLY_API_TOKEN", token);
        env.put("ROOTLY_API_URL", this.emulator.baseUrl());
    }

    RootlyEmulator emulator() {
        return emulator;
    }

    /** The environment the next run sees; change it freely. */
    Map<String, String> env() {
        return env;
    }

    /** Turns on GitHub Actions mode, with $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY as {@code out}, {@code summary} in {@code dir}. */
    void gitHub(Path dir) throws IOException {
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_OUTPUT", Files.createFile(dir.resolve("out")).toString());
        env.put("GITHUB_STEP_SUMMARY", Files.createFile(dir.resolve("summary")).toString());
    }

    /** One run with {@code stdin}; stdout and stderr hold this run's text only. */
    int run(String stdin, String... args) {
        out.reset();
        err.reset();
        int exit = Main.execute(
                args,
                new Environment(env),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        TokenScan.capture("stdout", stdout());
        TokenScan.capture("stderr", stderr());
        for (String variable : new String[] {"GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY"}) {
            if (env.get(variable) != null) {
                TokenScan.captureFile("$" + variable, Path.of(env.get(variable)));
            }
        }
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--dotenv")) {
                TokenScan.captureFile("dotenv", Path.of(args[i + 1]));
            }
        }
        return exit;
    }

    String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        emulator.close();
    }
}
