package io.github.rootlyworkflowrun.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built jar as a GitHub Actions step runs it: a subprocess with only the given environment, fresh
 * $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files, {@code --output json} and a dotenv file; what it left behind is
 * parsed as the runner and GitLab parse it, and every text is scanned for the token.
 */
record GitHubJarRun(
        int exit,
        String stdout,
        String stderr,
        Map<String, String> outputs,
        String summary,
        Map<String, String> dotenv,
        List<String> allText) {

    /** Runs the jar with {@code args} in {@code dir}; {@code env} entries with a null value are left out. */
    static GitHubJarRun of(Path dir, Map<String, String> env, List<String> args) throws Exception {
        Path output = Files.createFile(dir.resolve("github-output-" + System.nanoTime()));
        Path summary = Files.createFile(dir.resolve("step-summary-" + System.nanoTime()));
        Path dotenv = dir.resolve("rootly-" + System.nanoTime() + ".env");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-jar", System.getProperty("cli.jar")));
        command.addAll(args);
        command.addAll(List.of("--output", "json", "--dotenv", dotenv.toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        Map<String, String> all = new HashMap<>(CliTestSupport.gitHubEnv(output, summary));
        all.putAll(env);
        all.values().removeIf(v -> v == null);
        pb.environment().putAll(all);
        pb.redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the jar did not end within 90s");
        }
        String stdout = TokenScan.captureFile("stdout", dir.resolve("stdout"));
        String stderr = TokenScan.captureFile("stderr", dir.resolve("stderr"));
        String outputText = TokenScan.captureFile("$GITHUB_OUTPUT", output);
        String summaryText = TokenScan.captureFile("$GITHUB_STEP_SUMMARY", summary);
        String dotenvText = TokenScan.captureFile("dotenv", dotenv);
        return new GitHubJarRun(
                p.exitValue(),
                stdout,
                stderr,
                CliTestSupport.parseGitHubOutput(outputText),
                summaryText,
                CliTestSupport.parseDotenv(dotenvText),
                List.of(stdout, stderr, outputText, summaryText, dotenvText));
    }
}
