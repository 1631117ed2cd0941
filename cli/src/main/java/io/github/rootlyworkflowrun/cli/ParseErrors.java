package io.github.rootlyworkflowrun.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The parser's errors in our words. An unmatched argument may be a token pasted in the wrong place
 * ({@code --token X}, {@code --token=X}, a bare value), so only option names are ever shown, never values.
 */
final class ParseErrors {
    private ParseErrors() {}

    static String describe(CommandLine.ParameterException e, String[] argv, Environment env) {
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            return unmatched(u.getUnmatched(), u.getSuggestions());
        }
        String first = e.getMessage() == null
                ? "invalid arguments"
                : e.getMessage().lines().findFirst().orElse("");
        if (e.getArgSpec() instanceof OptionSpec option) {
            String flag = option.longestName();
            String prefix = "Invalid value for option '" + flag + "': ";
            if (first.startsWith(prefix)) {
                boolean onCommandLine = given(argv, flag);
                String name = CommandOptions.inputName(flag, onCommandLine, env);
                boolean bool = option.type() == boolean.class || option.type() == Boolean.class;
                // A boolean's value is not shown: nothing but true or false belongs there.
                return name + ": " + (bool ? "not true or false; use true or false" : first.substring(prefix.length()))
                        + (onCommandLine ? "; see --help" : "");
            }
        }
        return first + "; see --help";
    }

    /** "unknown option --token; ..." without the values that followed or were attached. */
    static String unmatched(List<String> unmatched, List<String> suggestions) {
        Set<String> options = new LinkedHashSet<>();
        int values = 0;
        for (String arg : unmatched) {
            if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("--")) {
                int eq = arg.indexOf('=');
                options.add(eq > 0 ? arg.substring(0, eq) : arg);
            } else {
                values++;
            }
        }
        StringBuilder b = new StringBuilder();
        if (!options.isEmpty()) {
            b.append(options.size() == 1 ? "unknown option " : "unknown options ")
                    .append(String.join(", ", options));
        }
        if (values > 0) {
            b.append(b.length() == 0 ? "" : ", and ")
                    .append(values)
                    .append(values == 1 ? " unexpected argument" : " unexpected arguments")
                    .append(" (not shown, in case it is a secret)");
        }
        if (options.stream().anyMatch(o -> o.toLowerCase(java.util.Locale.ROOT).contains("token"))) {
            b.append("; no flag takes the token itself: set ROOTLY_API_TOKEN or pass --token-file PATH");
        } else if (!suggestions.isEmpty() && !options.isEmpty()) {
            b.append("; did you mean ")
                    .append(String.join(
                            " or ",
                            suggestions.stream()
                                    .filter(s -> s.startsWith("--"))
                                    .limit(3)
                                    .toList()))
                    .append('?');
        }
        return b.append("; see --help").toString().replace("; did you mean ?", "");
    }

    private static boolean given(String[] argv, String flag) {
        for (String a : argv) {
            if (a.equals("--")) {
                return false;
            }
            if (a.equals(flag) || a.startsWith(flag + "=")) {
                return true;
            }
        }
        return false;
    }

    /**
     * An option's value as the arguments give it ({@code --name v} or {@code --name=v}), else its input or
     * variable; for writing outputs when parsing itself failed.
     */
    static String value(String[] argv, String flag, EnvironmentDefaults defaults) {
        for (int i = 0; i < argv.length; i++) {
            if (argv[i].equals("--")) {
                break;
            }
            if (argv[i].equals(flag) && i + 1 < argv.length) {
                return argv[i + 1];
            }
            if (argv[i].startsWith(flag + "=")) {
                return argv[i].substring(flag.length() + 1);
            }
        }
        return defaults.value(flag);
    }
}
