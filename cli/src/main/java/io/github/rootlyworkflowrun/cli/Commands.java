package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command tree: the default command (a run), {@code run}, {@code demo} and {@code generate-completion}. Built with
 * picocli's programmatic API, for start-up time (see {@link RunOptions}).
 */
final class Commands {
    static final String NAME = "rootly-workflow-run";

    private Commands() {}

    static CommandLine tree(Invocation invocation, PrintStream out, PrintStream err) {
        CommandSpec root = runCommand(NAME, invocation);
        root.usageMessage()
                .autoWidth(true)
                .description(
                        "Create a Rootly workflow run, optionally wait for it, and exit with its outcome.",
                        "The API token comes from ROOTLY_API_TOKEN or --token-file; logs go to stderr.")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes())
                // Each line short enough never to be wrapped (picocli's narrowest width is 55): a wrapped line
                // loses its indentation and no longer pastes as a command.
                .footer(
                        "%nExamples:",
                        "  ROOTLY_API_TOKEN=... " + NAME + " \\",
                        "      --workflow deploy-notify --wait --timeout 15m",
                        "  " + NAME + " demo   # no account needed");
        CommandSpec run = runCommand("run", invocation);
        run.usageMessage().description("Create a Rootly workflow run (the default command).");
        CommandSpec demo = withHelp(
                CommandSpec.wrapWithoutInspection(new DemoCommand(out, err)).name("demo"));
        demo.usageMessage()
                .description(
                        "Run the whole flow against a built-in Rootly API emulator; no account or network needed.");

        CommandLine tree = new CommandLine(root);
        CommandSpec completion = withHelp(CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> {
                    // print, not println: a completion script with Windows line ends fails in strange ways
                    tree.getOut().print(AutoComplete.bash(NAME, tree));
                    tree.getOut().print('\n');
                    tree.getOut().flush();
                    return 0;
                })
                .name("generate-completion")
                .helpCommand(true));
        completion
                .usageMessage()
                .description(
                        "Print a bash/zsh completion script for " + NAME + ".",
                        "Load it into the current shell with: source <(" + NAME + " generate-completion)");
        return tree.addSubcommand(run).addSubcommand(demo).addSubcommand(completion);
    }

    /** A command that takes the run options and runs them. */
    private static CommandSpec runCommand(String name, Invocation invocation) {
        AtomicReference<CommandSpec> self = new AtomicReference<>();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(
                        (Callable<Integer>) () -> invocation.run(new RunOptions(self.get())))
                .name(name);
        self.set(spec);
        spec.usageMessage().sortOptions(false);
        RunOptions.declare(spec);
        return withHelp(spec);
    }

    /** {@code -h/--help} and {@code -V/--version}, as picocli's standard help mixin declares them. */
    private static CommandSpec withHelp(CommandSpec spec) {
        spec.versionProvider(new Version());
        spec.addOption(OptionSpec.builder("-h", "--help")
                .usageHelp(true)
                .type(boolean.class)
                .description("Show this help message and exit.")
                .build());
        spec.addOption(OptionSpec.builder("-V", "--version")
                .versionHelp(true)
                .type(boolean.class)
                .description("Print version information and exit.")
                .build());
        return spec;
    }

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(
                exit(Outcome.SUCCEEDED),
                "created, or completed (or completed_with_errors with --completed-with-errors success)");
        codes.put(exit(Outcome.FAILED), "failed (or completed_with_errors with --completed-with-errors failure)");
        codes.put(exit(Outcome.USAGE_ERROR), "bad input; nothing was sent to Rootly");
        codes.put(exit(Outcome.CANCELED), "canceled");
        codes.put(exit(Outcome.TIMED_OUT), "timed out while queued or started (the run goes on in Rootly)");
        codes.put(
                exit(Outcome.REJECTED_OR_UNREACHABLE),
                "rejected by Rootly (401/403/404/415/422), unreachable, or outcome unknown");
        codes.put(
                exit(Outcome.COMPLETED_WITH_ERRORS),
                "completed_with_errors under the default policy, unstable (a CI step fails on it like on any"
                        + " non-zero exit)");
        codes.put("70", "internal error in this tool; please report it");
        codes.put("130/143", "interrupted (SIGINT/SIGTERM); the outputs are written, a created run goes on in Rootly");
        return codes;
    }

    /** An outcome's exit code under the default policy, as the engine computes it, so the list cannot drift. */
    private static String exit(Outcome outcome) {
        return Integer.toString(outcome.exitCode(RunSpec.DEFAULT_COMPLETED_WITH_ERRORS));
    }

    /** The version line for --version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {NAME + " " + RootlyClient.version()};
        }
    }
}
