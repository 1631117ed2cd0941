package io.github.rootlyworkflowrun.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fills options missing from the command line: first from GitHub Actions inputs ({@code INPUT_WORKFLOW},
 * {@code INPUT_POLL-INTERVAL}, ...), then from the {@code ROOTLY_*} variables docs/contract.md names, then the default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private static final Map<String, String> ROOTLY_VARIABLES =
            Map.of("--workflow", "ROOTLY_WORKFLOW", "--api-url", "ROOTLY_API_URL");
    /**
     * Inputs named in the plural for a repeatable option (docs/contract.md, section 8): one input holds the whole
     * list, one item a line.
     */
    private static final Map<String, String> LIST_INPUTS =
            Map.of("--service", "services", "--environment", "environments", "--label", "labels", "--ref", "refs");

    private final Environment env;

    EnvironmentDefaults(Environment env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String value = value(option.longestName());
        return value != null ? value : option.defaultValue();
    }

    /** The input or variable for an option's long name, or null. */
    String value(String name) {
        String input = env.gitHubInput(input(name));
        if (input != null) {
            return input;
        }
        String variable = ROOTLY_VARIABLES.get(name);
        String value = variable == null ? null : env.get(variable);
        return value != null && !value.isBlank() ? value.trim() : null;
    }

    /** The GitHub Actions input for an option's long name: {@code --poll-interval} is {@code poll-interval}. */
    static String input(String name) {
        return LIST_INPUTS.getOrDefault(name, name.substring(2));
    }

    /** Whether the option's value comes from an input that holds a list, one item a line. */
    static boolean isListInput(String name) {
        return LIST_INPUTS.containsKey(name);
    }
}
