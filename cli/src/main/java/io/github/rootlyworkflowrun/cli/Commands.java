package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command tree: the default command (a run), {@code run}, {@code pulse}, {@code demo} and
 * {@code generate-completion}. Built with
 * picocli's programmatic API, for start-up time (see {@link RunOptions}).
 */
final class Commands {
    static final String NAME = "rootly-workflow-run";

    private Commands() {}

    static CommandLine tree(Invocation invocation, PrintStream out, PrintStream err) {
        CommandSpec root = command(NAME, RunOptions::declare, spec -> invocation.run(new RunOptions(spec)));
        root.usageMessage()
                .autoWidth(true)
                .description(
                        "Create a Rootly workflow run, optionally wait for it, and exit with its outcome.",
                        "The API token comes from ROOTLY_API_TOKEN or --token-file; logs go to stderr.")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes(false))
                // Each line short enough never to be wrapped (picocli's narrowest width is 55): a wrapped line
                // loses its indentation and no longer pastes as a command.
                .footer(
                        "%nExamples:",
                        "  ROOTLY_API_TOKEN=... " + NAME + " \\",
                        "      --workflow deploy-notify --wait --timeout 15m",
                        "  " + NAME + " demo   # no account needed");
        CommandSpec run = command("run", RunOptions::declare, spec -> invocation.run(new RunOptions(spec)));
        run.usageMessage().description("Create a Rootly workflow run (the default command).");
        CommandSpec pulse = command("pulse", PulseOptions::declare, spec -> invocation.pulse(new PulseOptions(spec)));
        pulse.usageMessage()
                .autoWidth(true)
                .description(
                        "Record a deploy (or any change) in Rootly as a pulse; with --wait-for-triggered, find the"
                                + " workflow runs it triggered, wait for them all, and exit with the worst outcome.",
                        "The API token comes from ROOTLY_API_TOKEN or --token-file; logs go to stderr.")
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(exitCodes(true))
                .footer(
                        "%nExamples:",
                        "  ROOTLY_API_TOKEN=... " + NAME + " pulse \\",
                        "      --summary 'Deploy api 1.4.2' --service api \\",
                        "      --environment production --wait-for-triggered");
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
        return tree.addSubcommand(run).addSubcommand(pulse).addSubcommand(demo).addSubcommand(completion);
    }

    /** A command whose options {@code declare} adds and whose parsed self {@code action} carries out. */
    private static CommandSpec command(String name, Consumer<CommandSpec> declare, ToIntFunction<CommandSpec> action) {
        AtomicReference<CommandSpec> self = new AtomicReference<>();
        CommandSpec spec = CommandSpec.wrapWithoutInspection((Callable<Integer>) () -> action.applyAsInt(self.get()))
                .name(name);
        self.set(spec);
        spec.usageMessage().sortOptions(false);
        declare.accept(spec);
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

    /** The exit codes of section 2; for {@code pulse}, of the worst of the runs it triggered. */
    private static Map<String, String> exitCodes(boolean pulse) {
        String run = pulse ? "a run the pulse triggered " : "";
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put(
                exit(Outcome.SUCCEEDED),
                pulse
                        ? "pulse created; with --wait-for-triggered, every run it triggered completed, or none ran"
                        : "created, or completed (or completed_with_errors with --completed-with-errors success)");
        codes.put(exit(Outcome.FAILED), run + "failed (or completed_with_errors with --completed-with-errors failure)");
        codes.put(exit(Outcome.USAGE_ERROR), "bad input; nothing was sent to Rootly");
        codes.put(exit(Outcome.CANCELED), pulse ? run + "was canceled" : "canceled");
        codes.put(
                exit(Outcome.TIMED_OUT),
                pulse
                        ? run + "was still queued or started at the timeout (the runs go on in Rootly)"
                        : "timed out while queued or started (the run goes on in Rootly)");
        codes.put(
                exit(Outcome.REJECTED_OR_UNREACHABLE),
                "rejected by Rootly (401/403/404/415/422), unreachable, or outcome unknown");
        codes.put(
                exit(Outcome.COMPLETED_WITH_ERRORS),
                run + "completed_with_errors under the default policy, unstable (a CI step fails on it like on any"
                        + " non-zero exit)");
        codes.put("70", "internal error in this tool; please report it");
        codes.put(
                "130/143",
                "interrupted (SIGINT/SIGTERM); the outputs are written, "
                        + (pulse ? "the runs found go on in Rootly" : "a created run goes on in Rootly"));
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
