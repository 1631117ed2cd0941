package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.ci.CiContext;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The run options of the contract, shared by the default command and {@code run}. Values missing from the command
 * line come from GitHub Actions inputs, then {@code ROOTLY_*} variables ({@link EnvironmentDefaults}).
 */
final class RunOptions {
    @Option(names = "--workflow", paramLabel = "<id|slug|name>", description = "Workflow to run (env ROOTLY_WORKFLOW).")
    String workflow;

    @Option(
            names = "--token-file",
            paramLabel = "PATH",
            description =
                    "Read the API token from this file instead of ROOTLY_API_TOKEN. There is no flag that takes the token itself.")
    Path tokenFile;

    @Option(
            names = "--api-url",
            paramLabel = "URL",
            description = "Rootly API base URL (env ROOTLY_API_URL; default ${DEFAULT-VALUE}).",
            defaultValue = "https://api.rootly.com")
    String apiUrl;

    @Option(names = "--incident-id", paramLabel = "ID", description = "Run for this incident.")
    String incidentId;

    @Option(names = "--post-mortem-id", paramLabel = "ID", description = "Run for this post-mortem (retrospective).")
    String postMortemId;

    @Option(names = "--action-item-id", paramLabel = "ID", description = "Run for this action item.")
    String actionItemId;

    @Option(names = "--alert-id", paramLabel = "ID", description = "Run for this alert.")
    String alertId;

    @Option(
            names = "--pulse-id",
            paramLabel = "ID",
            description = "Run for this pulse. At most one target id may be given.")
    String pulseId;

    @Option(names = "--context", paramLabel = "JSON", description = "Context for the run, a JSON object.")
    String context;

    @Option(
            names = "--context-file",
            paramLabel = "PATH",
            description = "Read the context JSON object from a file ('-' for stdin).")
    String contextFile;

    @Option(
            names = "--context-entry",
            paramLabel = "KEY=VALUE",
            description = "Add one context entry (repeatable; merged last).")
    List<String> contextEntries = new ArrayList<>();

    @Option(
            names = "--immediate",
            arity = "0..1",
            paramLabel = "true|false",
            fallbackValue = "true",
            defaultValue = "true",
            description = "Skip the wait configured on the workflow (default ${DEFAULT-VALUE}).")
    boolean immediate;

    @Option(
            names = "--check-conditions",
            arity = "0..1",
            paramLabel = "true|false",
            fallbackValue = "true",
            defaultValue = "false",
            description = "Let Rootly refuse the run when the workflow's conditions are not met.")
    boolean checkConditions;

    @Option(
            names = "--wait",
            arity = "0..1",
            paramLabel = "true|false",
            fallbackValue = "true",
            defaultValue = "false",
            description = "Wait until the run finishes and exit with its outcome.")
    boolean waitForCompletion;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30m",
            description =
                    "Give up waiting after this long, counted from creation (e.g. 90s, 30m, 2h; default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--poll-interval",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description =
                    "Longest pause between status checks (default ${DEFAULT-VALUE}); the first check comes after about 1s.")
    String pollInterval;

    @Option(
            names = "--request-timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description =
                    "Longest wait for one HTTP answer (default ${DEFAULT-VALUE}); a create that times out is looked up, never re-sent.")
    String requestTimeout;

    @Option(
            names = "--completed-with-errors",
            paramLabel = "success|unstable|failure",
            defaultValue = "unstable",
            description =
                    "Exit code for runs that complete with errors: success 0, unstable 6, failure 1 (default ${DEFAULT-VALUE}).")
    String completedWithErrors;

    @Option(
            names = "--output",
            paramLabel = "text|json",
            defaultValue = "text",
            description =
                    "json prints one result object on stdout; logs always go to stderr (default ${DEFAULT-VALUE}).")
    String output;

    @Option(
            names = "--dotenv",
            paramLabel = "PATH",
            description = "Also write ROOTLY_WORKFLOW_RUN_* variables to this dotenv file (GitLab reports).")
    Path dotenv;

    @Option(
            names = "--no-ci-context",
            arity = "0..1",
            paramLabel = "true|false",
            fallbackValue = "true",
            defaultValue = "false",
            description =
                    "Do not add context.ci (provider, build URL, commit...); also turns off recognising our run after a lost answer.")
    boolean noCiContext;

    @Option(
            names = "--verbose",
            arity = "0..1",
            paramLabel = "true|false",
            fallbackValue = "true",
            defaultValue = "false",
            description = "Log every HTTP request (method, URL, status, time; never headers).")
    boolean verbose;

    /** The per-request read timeout; a UsageException names the option when it does not parse. */
    java.time.Duration requestTimeout() {
        return io.github.rootlyworkflowrun.engine.Durations.parse("requestTimeout", requestTimeout);
    }

    /** The spec this invocation asks for; every problem is a UsageException naming the option. */
    RunSpec toSpec(Environment env, InputStream stdin) {
        if (!output.equals("text") && !output.equals("json")) {
            throw new UsageException("output", "'" + output + "' is not text or json");
        }
        RunSpec.Builder b = RunSpec.builder()
                .apiUrl(apiUrl)
                .workflow(workflow)
                .targets(incidentId, postMortemId, actionItemId, alertId, pulseId)
                .immediate(immediate)
                .checkConditions(checkConditions)
                .waitForCompletion(waitForCompletion)
                .timeout(timeout)
                .pollInterval(pollInterval)
                .completedWithErrors(completedWithErrors)
                .ciContext(noCiContext ? null : CiContext.detect(env.variables()));
        if (contextFile != null && !contextFile.isBlank()) {
            b.contextJson(readContextFile(stdin));
        }
        b.contextJson(context);
        contextEntries.forEach(b::contextEntry);
        token(b, env);
        return b.build();
    }

    private void token(RunSpec.Builder b, Environment env) {
        if (tokenFile != null) {
            String value;
            try {
                value = Files.readString(tokenFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException(
                        "tokenFile",
                        "cannot read " + tokenFile + " (" + problem(e)
                                + "); give a readable file holding the API token");
            }
            b.token(value, "the token file " + tokenFile);
            return;
        }
        String input = env.gitHubInput("api-token");
        if (input != null) {
            b.token(input, "the api-token input");
            return;
        }
        String fromEnv = env.get("ROOTLY_API_TOKEN");
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new UsageException("token", "no API token; set ROOTLY_API_TOKEN or pass --token-file PATH");
        }
        b.token(fromEnv, "ROOTLY_API_TOKEN");
    }

    private String readContextFile(InputStream stdin) {
        try {
            return contextFile.equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(contextFile), StandardCharsets.UTF_8);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new UsageException(
                    "contextFile",
                    "cannot read " + contextFile + " (" + problem(e)
                            + "); give a readable file holding a JSON object, or - for stdin");
        }
    }

    private static String problem(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? "unreadable" : e.getMessage();
    }

    /** The command-line spelling of a canonical field name, for error messages. */
    static String flag(String field) {
        return switch (field) {
            case "credentialsId", "token" -> "ROOTLY_API_TOKEN";
            default -> "--" + field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        };
    }
}
