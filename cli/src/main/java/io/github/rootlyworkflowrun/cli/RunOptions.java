package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.ci.CiContext;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The run options of docs/contract.md (section 5), shared by the default command and {@code run}. Values missing from the command
 * line come from GitHub Actions inputs, then {@code ROOTLY_*} variables ({@link EnvironmentDefaults}).
 *
 * <p>Declared with picocli's programmatic API rather than annotations: reading annotations means reflection and a
 * generated proxy class per annotation type, about a tenth of a cold run (docs/performance.md, B1).
 */
final class RunOptions {
    final String workflow;
    final Path tokenFile;
    final String apiUrl;
    final String incidentId;
    final String postMortemId;
    final String actionItemId;
    final String alertId;
    final String pulseId;
    final String context;
    final String contextFile;
    final List<String> contextEntries;
    final boolean immediate;
    final boolean checkConditions;
    final boolean waitForCompletion;
    final String timeout;
    final String pollInterval;
    final String requestTimeout;
    final String completedWithErrors;
    final String output;
    final Path dotenv;
    final boolean noCiContext;
    final boolean verbose;
    /** Options given on the command line itself, as opposed to inputs, variables and defaults. */
    final java.util.Set<String> given;

    /** The values of a parsed command that {@link #declare} set up. */
    RunOptions(CommandSpec parsed) {
        workflow = value(parsed, "--workflow");
        tokenFile = value(parsed, "--token-file");
        apiUrl = value(parsed, "--api-url");
        incidentId = value(parsed, "--incident-id");
        postMortemId = value(parsed, "--post-mortem-id");
        actionItemId = value(parsed, "--action-item-id");
        alertId = value(parsed, "--alert-id");
        pulseId = value(parsed, "--pulse-id");
        context = value(parsed, "--context");
        contextFile = value(parsed, "--context-file");
        List<String> entries = value(parsed, "--context-entry");
        contextEntries = entries == null ? List.of() : List.copyOf(entries);
        immediate = value(parsed, "--immediate");
        checkConditions = value(parsed, "--check-conditions");
        waitForCompletion = value(parsed, "--wait");
        timeout = value(parsed, "--timeout");
        pollInterval = value(parsed, "--poll-interval");
        requestTimeout = value(parsed, "--request-timeout");
        completedWithErrors = value(parsed, "--completed-with-errors");
        output = value(parsed, "--output");
        dotenv = value(parsed, "--dotenv");
        noCiContext = value(parsed, "--no-ci-context");
        verbose = value(parsed, "--verbose");
        java.util.Set<String> names = new java.util.HashSet<>();
        var result = parsed.commandLine() == null ? null : parsed.commandLine().getParseResult();
        if (result != null) {
            result.matchedOptions().forEach(o -> names.add(o.longestName()));
        }
        given = java.util.Set.copyOf(names);
    }

    private static <T> T value(CommandSpec parsed, String name) {
        return parsed.findOption(name).getValue();
    }

    /** Adds the run options to a command, in the order --help lists them. */
    static void declare(CommandSpec spec) {
        add(spec, text("--workflow", "<id|slug|name>", "Workflow to run (env ROOTLY_WORKFLOW)."));
        add(
                spec,
                option("--token-file", "PATH", Path.class)
                        .description("Read the API token from this file instead of ROOTLY_API_TOKEN."
                                + " There is no flag that takes the token itself."));
        add(
                spec,
                text("--api-url", "URL", "Rootly API base URL (env ROOTLY_API_URL; default ${DEFAULT-VALUE}).")
                        .defaultValue("https://api.rootly.com"));
        add(spec, text("--incident-id", "ID", "Run for this incident."));
        add(spec, text("--post-mortem-id", "ID", "Run for this post-mortem (retrospective)."));
        add(spec, text("--action-item-id", "ID", "Run for this action item."));
        add(spec, text("--alert-id", "ID", "Run for this alert."));
        add(spec, text("--pulse-id", "ID", "Run for this pulse. At most one target id may be given."));
        add(spec, text("--context", "JSON", "Context for the run, a JSON object."));
        add(spec, text("--context-file", "PATH", "Read the context JSON object from a file ('-' for stdin)."));
        add(
                spec,
                option("--context-entry", "KEY=VALUE", List.class)
                        .auxiliaryTypes(String.class)
                        .description("Add one context entry (repeatable; merged last)."));
        add(spec, flag("--immediate", true, "Skip the wait configured on the workflow (default ${DEFAULT-VALUE})."));
        add(
                spec,
                flag(
                        "--check-conditions",
                        false,
                        "Let Rootly refuse the run when the workflow's conditions are not met."));
        add(spec, flag("--wait", false, "Wait until the run finishes and exit with its outcome."));
        add(
                spec,
                text(
                                "--timeout",
                                "DURATION",
                                "Give up waiting after this long, counted from creation"
                                        + " (e.g. 90s, 30m, 2h; default ${DEFAULT-VALUE}).")
                        .defaultValue(Durations.format(RunSpec.DEFAULT_TIMEOUT)));
        add(
                spec,
                text(
                                "--poll-interval",
                                "DURATION",
                                "Longest pause between status checks (default ${DEFAULT-VALUE});"
                                        + " the first check comes after about 1s.")
                        .defaultValue(Durations.format(RunSpec.DEFAULT_POLL_INTERVAL)));
        add(
                spec,
                text(
                                "--request-timeout",
                                "DURATION",
                                "Longest wait for one HTTP answer (default ${DEFAULT-VALUE});"
                                        + " a create that times out is looked up, never re-sent.")
                        .defaultValue(Durations.format(RootlyClient.DEFAULT_REQUEST_TIMEOUT)));
        add(
                spec,
                text(
                                "--completed-with-errors",
                                "success|unstable|failure",
                                "Exit code for runs that complete with errors: success "
                                        + completedWithErrorsExit(CompletedWithErrorsPolicy.SUCCESS) + ", unstable "
                                        + completedWithErrorsExit(CompletedWithErrorsPolicy.UNSTABLE) + ", failure "
                                        + completedWithErrorsExit(CompletedWithErrorsPolicy.FAILURE)
                                        + " (default ${DEFAULT-VALUE}).")
                        .defaultValue(
                                RunSpec.DEFAULT_COMPLETED_WITH_ERRORS.name().toLowerCase(Locale.ROOT)));
        add(
                spec,
                text(
                                "--output",
                                "text|json",
                                "json prints one result object on stdout; logs always go to stderr"
                                        + " (default ${DEFAULT-VALUE}).")
                        .defaultValue("text"));
        add(
                spec,
                option("--dotenv", "PATH", Path.class)
                        .description(
                                "Also write ROOTLY_WORKFLOW_RUN_* variables to this dotenv file (GitLab reports)."));
        add(
                spec,
                flag(
                        "--no-ci-context",
                        false,
                        "Do not add context.ci (provider, build URL, commit...);"
                                + " also turns off recognising our run after a lost answer."));
        add(spec, flag("--verbose", false, "Log every HTTP request (method, URL, status, time; never headers)."));
    }

    private static void add(CommandSpec spec, OptionSpec.Builder option) {
        spec.addOption(option.build());
    }

    private static OptionSpec.Builder option(String name, String paramLabel, Class<?> type) {
        return OptionSpec.builder(name).paramLabel(paramLabel).type(type);
    }

    private static OptionSpec.Builder text(String name, String paramLabel, String description) {
        return option(name, paramLabel, String.class).description(description);
    }

    /** {@code --flag}, {@code --flag=true} or {@code --flag=false}. */
    private static OptionSpec.Builder flag(String name, boolean defaultValue, String description) {
        return option(name, "true|false", boolean.class)
                .arity("0..1")
                .fallbackValue("true")
                .defaultValue(Boolean.toString(defaultValue))
                .description(description);
    }

    /** The per-request read timeout; a UsageException names the option when it does not parse. */
    private static int completedWithErrorsExit(CompletedWithErrorsPolicy policy) {
        return Outcome.COMPLETED_WITH_ERRORS.exitCode(policy);
    }

    java.time.Duration requestTimeout() {
        java.time.Duration d = Durations.parse("requestTimeout", requestTimeout);
        if (d.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new UsageException(
                    "requestTimeout",
                    "'" + requestTimeout.strip() + "' is longer than the limit of 1h for one HTTP answer;"
                            + " --timeout is what bounds the whole wait");
        }
        return d;
    }

    /** One HTTP answer never needs longer; OkHttp refuses timeouts past about 24 days anyway. */
    static final java.time.Duration MAX_REQUEST_TIMEOUT = java.time.Duration.ofHours(1);

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
            throw new UsageException(
                    "token",
                    env.isGitHubActions()
                            ? "no API token; set the api-token input, e.g. api-token: ${{ secrets.ROOTLY_API_TOKEN }}"
                            : "no API token; set ROOTLY_API_TOKEN or pass --token-file PATH");
        }
        b.token(fromEnv, "ROOTLY_API_TOKEN");
    }

    private String readContextFile(InputStream stdin) {
        String name = contextFile.equals("-") ? "stdin" : contextFile;
        try (InputStream in = contextFile.equals("-") ? stdin : Files.newInputStream(Path.of(contextFile))) {
            // Read one byte past the limit, never the whole input: it may be a huge file or an endless pipe.
            byte[] bytes = in.readNBytes(RunSpec.MAX_CONTEXT_BYTES + 1);
            if (bytes.length > RunSpec.MAX_CONTEXT_BYTES) {
                throw new UsageException(
                        "contextFile",
                        name + " holds more than " + RunSpec.MAX_CONTEXT_BYTES
                                + " bytes (64 KiB), the limit for a context; send ids and links, not whole documents");
            }
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException("contextFile", "cannot read " + name + " (not UTF-8 text); save it as UTF-8");
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
    /**
     * The name the user gave a field under: the command-line flag, or in GitHub Actions, when the value came from
     * the step's {@code with:} block, the action's input (e.g. {@code input wait}).
     */
    String name(String field, Environment env) {
        String flag = flag(field);
        if (flag.equals("ROOTLY_API_TOKEN")) {
            if (tokenFile != null) {
                return "--token-file";
            }
            boolean fromEnv = env.get("ROOTLY_API_TOKEN") != null
                    && !env.get("ROOTLY_API_TOKEN").isBlank();
            return env.isGitHubActions() && (!fromEnv || env.gitHubInput("api-token") != null)
                    ? "input api-token"
                    : flag;
        }
        return inputName(flag, given.contains(flag), env);
    }

    /** {@code input <name>} for an option that came from a GitHub Actions input, else the flag itself. */
    static String inputName(String flag, boolean onCommandLine, Environment env) {
        if (env.isGitHubActions() && !onCommandLine && flag.startsWith("--")) {
            String input = flag.substring(2);
            if (env.gitHubInput(input) != null || flag.equals("--workflow")) {
                return "input " + input;
            }
        }
        return flag;
    }

    static String flag(String field) {
        return switch (field) {
            case "credentialsId", "token" -> "ROOTLY_API_TOKEN";
            default -> "--" + field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        };
    }
}
