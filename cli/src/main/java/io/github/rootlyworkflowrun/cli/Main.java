package io.github.rootlyworkflowrun.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** The {@code rootly-workflow-run} executable. */
public final class Main {
    /** Exit code for a bug in this tool, outside the table of docs/contract.md (EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args, Environment.system(), System.in, System.out, System.err, Interruption.install()));
    }

    static int execute(String[] args, Environment env, InputStream stdin, PrintStream out, PrintStream err) {
        return execute(args, env, stdin, out, err, null);
    }

    static int execute(
            String[] args,
            Environment env,
            InputStream stdin,
            PrintStream out,
            PrintStream err,
            Interruption interruption) {
        Invocation invocation = new Invocation(env, stdin, out, err, interruption);
        PrintStream log = invocation.log();
        CommandLine cl = Commands.tree(invocation, out, log);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(log, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, argv) -> {
            EnvironmentDefaults defaults = new EnvironmentDefaults(env);
            String output = ParseErrors.value(argv, "--output", defaults);
            String dotenv = ParseErrors.value(argv, "--dotenv", defaults);
            Path dotenvPath = null;
            try {
                dotenvPath = dotenv == null || dotenv.isBlank() ? null : Path.of(dotenv);
            } catch (java.nio.file.InvalidPathException ignored) {
                // reported by the message below only if it is the error; no file is written
            }
            boolean pulse = e.getCommandLine().getCommandSpec().name().equals("pulse");
            return invocation.parseError(
                    ParseErrors.describe(e, argv, env), "json".equalsIgnoreCase(output), dotenvPath, pulse);
        });
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            log.println("rootly-workflow-run: unexpected error, please report it: " + e);
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }
}
