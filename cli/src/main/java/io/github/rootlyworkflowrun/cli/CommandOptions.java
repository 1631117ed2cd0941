package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options {@code run} and {@code pulse} share (docs/contract.md, sections 5 and 8): where Rootly is, the token,
 * the bounds of a wait, and where the result goes. Declared once here, so both commands spell, default and check them
 * alike; each command adds its own options around them.
 */
abstract class CommandOptions {
    /** One HTTP answer never needs longer; OkHttp refuses timeouts past about 24 days anyway. */
    static final Duration MAX_REQUEST_TIMEOUT = Duration.ofHours(1);

    final Path tokenFile;
    final String apiUrl;
    final String timeout;
    final String pollInterval;
    final String requestTimeout;
    final String completedWithErrors;
    final String output;
    final Path dotenv;
    final boolean noCiContext;
    final boolean verbose;
    /** Options given on the command line itself, as opposed to inputs, variables and defaults. */
    final Set<String> given;

    /** The values of a parsed command whose options the {@code declare...} methods set up. */
    CommandOptions(CommandSpec parsed) {
        tokenFile = value(parsed, "--token-file");
        apiUrl = value(parsed, "--api-url");
        timeout = value(parsed, "--timeout");
        pollInterval = value(parsed, "--poll-interval");
        requestTimeout = value(parsed, "--request-timeout");
        completedWithErrors = value(parsed, "--completed-with-errors");
        output = value(parsed, "--output");
        dotenv = value(parsed, "--dotenv");
        noCiContext = value(parsed, "--no-ci-context");
        verbose = value(parsed, "--verbose");
        Set<String> names = new HashSet<>();
        var result = parsed.commandLine() == null ? null : parsed.commandLine().getParseResult();
        if (result != null) {
            result.matchedOptions().forEach(o -> names.add(o.longestName()));
        }
        given = Set.copyOf(names);
    }

    static <T> T value(CommandSpec parsed, String name) {
        return parsed.findOption(name).getValue();
    }

    /** {@code --token-file} and {@code --api-url}, first in --help after what the command is about. */
    static void declareAccess(CommandSpec spec) {
        add(
                spec,
                option("--token-file", "PATH", Path.class)
                        .description("Read the API token from this file instead of ROOTLY_API_TOKEN."
                                + " There is no flag that takes the token itself."));
        add(
                spec,
                text("--api-url", "URL", "Rootly API base URL (env ROOTLY_API_URL; default ${DEFAULT-VALUE}).")
                        .defaultValue(RootlyClient.DEFAULT_API_URL));
    }

    /** The bounds of a wait; {@code from} says what the timeout is counted from. */
    static void declareWait(CommandSpec spec, String from) {
        add(
                spec,
                text(
                                "--timeout",
                                "DURATION",
                                "Give up waiting after this long, counted from " + from
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
    }

    /**
     * Where the result goes, and the CI context; {@code variables} names the dotenv's variables, {@code ciContext}
     * says what {@code --no-ci-context} leaves out.
     */
    static void declareOutput(CommandSpec spec, String variables, String ciContext) {
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
                        .description("Also write " + variables + " variables to this dotenv file (GitLab reports)."));
        add(spec, flag("--no-ci-context", false, ciContext));
        add(spec, flag("--verbose", false, "Log every HTTP request (method, URL, status, time; never headers)."));
    }

    static void add(CommandSpec spec, OptionSpec.Builder option) {
        spec.addOption(option.build());
    }

    static OptionSpec.Builder option(String name, String paramLabel, Class<?> type) {
        return OptionSpec.builder(name).paramLabel(paramLabel).type(type);
    }

    static OptionSpec.Builder text(String name, String paramLabel, String description) {
        return option(name, paramLabel, String.class).description(description);
    }

    /** A repeatable option of text values. */
    static OptionSpec.Builder repeatable(String name, String paramLabel, String description) {
        return option(name, paramLabel, java.util.List.class)
                .auxiliaryTypes(String.class)
                .description(description);
    }

    /** {@code --flag}, {@code --flag=true} or {@code --flag=false}. */
    static OptionSpec.Builder flag(String name, boolean defaultValue, String description) {
        return option(name, "true|false", boolean.class)
                .arity("0..1")
                .fallbackValue("true")
                .defaultValue(Boolean.toString(defaultValue))
                .description(description);
    }

    private static int completedWithErrorsExit(CompletedWithErrorsPolicy policy) {
        return Outcome.COMPLETED_WITH_ERRORS.exitCode(policy);
    }

    /** Whether the result goes to stdout as JSON; a UsageException when {@code --output} is neither. */
    boolean json() {
        if (!output.equals("text") && !output.equals("json")) {
            throw new UsageException("output", "'" + output + "' is not text or json");
        }
        return output.equals("json");
    }

    /** The per-request read timeout; a UsageException names the option when it does not parse. */
    Duration requestTimeout() {
        Duration d = Durations.parse("requestTimeout", requestTimeout);
        if (d.compareTo(MAX_REQUEST_TIMEOUT) > 0) {
            throw new UsageException(
                    "requestTimeout",
                    "'" + requestTimeout.strip() + "' is longer than the limit of 1h for one HTTP answer;"
                            + " --timeout is what bounds the whole wait");
        }
        return d;
    }

    /** The API token as given, and where it came from (for messages, never the value). */
    record Token(String value, String source) {}

    /** The token from {@code --token-file}, the {@code api-token} input or ROOTLY_API_TOKEN, in that order. */
    Token token(Environment env) {
        if (tokenFile != null) {
            try {
                return new Token(Files.readString(tokenFile, StandardCharsets.UTF_8), "the token file " + tokenFile);
            } catch (IOException e) {
                throw new UsageException(
                        "tokenFile",
                        "cannot read " + tokenFile + " (" + problem(e)
                                + "); give a readable file holding the API token");
            }
        }
        String input = env.gitHubInput("api-token");
        if (input != null) {
            return new Token(input, "the api-token input");
        }
        String fromEnv = env.get("ROOTLY_API_TOKEN");
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new UsageException(
                    "token",
                    env.isGitHubActions()
                            ? "no API token; set the api-token input, e.g. api-token: ${{ secrets.ROOTLY_API_TOKEN }}"
                            : "no API token; set ROOTLY_API_TOKEN or pass --token-file PATH");
        }
        return new Token(fromEnv, "ROOTLY_API_TOKEN");
    }

    static String problem(Exception e) {
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
            String input = EnvironmentDefaults.input(flag);
            if (env.gitHubInput(input) != null || flag.equals("--workflow") || flag.equals("--summary")) {
                return "input " + input;
            }
        }
        return flag;
    }

    /** The command-line spelling of a canonical field name (core's, e.g. {@code pollInterval}). */
    String flag(String field) {
        return switch (field) {
            case "credentialsId", "token" -> "ROOTLY_API_TOKEN";
            default -> "--" + field.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        };
    }
}
