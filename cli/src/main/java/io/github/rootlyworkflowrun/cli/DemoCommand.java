package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.emulator.RootlyEmulator;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.RunSpec;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code rootly-workflow-run demo}: starts the emulator in this process on a free loopback port and walks the real code
 * path against it, a run that completes and then one that fails, so a new user sees what a CI job would.
 */
final class DemoCommand implements Callable<Integer> {
    private static final String TOKEN = "demo-token";

    private final PrintStream out;
    private final PrintStream err;

    DemoCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try (RootlyEmulator emulator = RootlyEmulator.builder().token(TOKEN).start()) {
            say("== rootly-workflow-run demo ==");
            say("A Rootly API emulator is listening on " + emulator.baseUrl() + " (token '" + TOKEN + "').");
            say("Each step below is what a CI job runs; the lines after it are what the job log shows.");
            say("");
            int succeeded = step(emulator, "deploy-succeeds", "1. A deploy-notification workflow that completes:");
            int failed = step(emulator, "deploy-fails", "2. A workflow whose task fails:");
            say("");
            say("The first run ended with exit " + succeeded + " (success); the second with exit " + failed
                    + " (FAILED), which fails a CI step.");
            say("Other exits: " + exit(Outcome.USAGE_ERROR) + " bad input, " + exit(Outcome.CANCELED) + " canceled, "
                    + exit(Outcome.TIMED_OUT) + " timed out, " + exit(Outcome.REJECTED_OR_UNREACHABLE)
                    + " rejected or unreachable, " + exit(Outcome.COMPLETED_WITH_ERRORS) + " completed with errors.");
            say("The emulator's ledger shows " + emulator.ledger().size()
                    + " runs created: one per invocation, never more.");
            say("");
            say("Next: java -jar emulator/target/rootly-api-emulator.jar --help   (rehearse your pipeline offline)");
            say("      ROOTLY_API_TOKEN=... rootly-workflow-run --workflow <your workflow> --wait   (the real thing)");
            return succeeded == 0 && failed == 1 ? 0 : 1;
        }
    }

    private int step(RootlyEmulator emulator, String workflow, String title) {
        say(title);
        String[] args = {
            "--workflow",
            workflow,
            "--wait",
            "--poll-interval",
            "2s",
            "--timeout",
            "1m",
            "--context-entry",
            "service=checkout"
        };
        say("   $ ROOTLY_API_TOKEN=... rootly-workflow-run " + String.join(" ", args));
        Environment env = new Environment(Map.of("ROOTLY_API_TOKEN", TOKEN, "ROOTLY_API_URL", emulator.baseUrl()));
        Invocation invocation = new Invocation(env, new ByteArrayInputStream(new byte[0]), out, indented(err));
        CommandSpec spec = CommandSpec.create();
        RunOptions.declare(spec);
        CommandLine cl = new CommandLine(spec);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.parseArgs(args);
        int exit = invocation.run(new RunOptions(spec));
        say("   exit code: " + exit);
        return exit;
    }

    /** The exit code of {@code outcome} with the default policy, so the text cannot drift from the table. */
    private static int exit(Outcome outcome) {
        return outcome.exitCode(RunSpec.DEFAULT_COMPLETED_WITH_ERRORS);
    }

    private void say(String line) {
        err.println(line);
    }

    private static PrintStream indented(PrintStream target) {
        return new PrintStream(
                new java.io.OutputStream() {
                    private boolean lineStart = true;

                    @Override
                    public void write(int b) {
                        if (lineStart) {
                            target.print("   ");
                        }
                        target.write(b);
                        lineStart = b == '\n';
                    }

                    @Override
                    public void flush() {
                        target.flush();
                    }
                },
                true);
    }
}
