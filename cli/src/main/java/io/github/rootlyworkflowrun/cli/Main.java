package io.github.rootlyworkflowrun.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** The {@code rootly-workflow-run} executable. */
public final class Main {
    /** Exit code for a bug in this tool, outside the table of docs/contract.md (EX_SOFTWARE). */
    static final int INTERNAL_ERROR = 70;

    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args, Environment.system(), System.in, System.out, System.err));
    }

    static int execute(String[] args, Environment env, InputStream stdin, PrintStream out, PrintStream err) {
        Invocation invocation = new Invocation(env, stdin, out, err);
        CommandLine cl = Commands.tree(invocation, out, err);
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, argv) ->
                invocation.usageError(e.getMessage().lines().findFirst().orElse("") + "; see --help"));
        cl.setExecutionExceptionHandler((e, command, parsed) -> {
            err.println("rootly-workflow-run: unexpected error, please report it: " + e);
            return INTERNAL_ERROR;
        });
        return cl.execute(args);
    }
}
