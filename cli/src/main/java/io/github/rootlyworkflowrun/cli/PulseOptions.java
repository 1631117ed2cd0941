package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.ci.CiContext;
import io.github.rootlyworkflowrun.engine.Durations;
import io.github.rootlyworkflowrun.engine.PulseSpec;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The options of {@code pulse} (docs/contract.md, section 8): what to record, and whether to wait for the workflow
 * runs it triggers. Values missing from the command line come from GitHub Actions inputs ({@code services},
 * {@code labels}, ... hold one item a line), then {@code ROOTLY_*} variables, as for {@code run}.
 */
final class PulseOptions extends CommandOptions {
    /** Core's field names for the repeatable options, and the flag that gives one item of each. */
    private static final Map<String, String> LIST_FLAGS =
            Map.of("services", "--service", "environments", "--environment", "labels", "--label", "refs", "--ref");

    final String summary;
    final String source;
    final List<String> services;
    final List<String> environments;
    final List<String> labels;
    final List<String> refs;
    final String externalUrl;
    final String startedAt;
    final String endedAt;
    final String data;
    final boolean waitForTriggered;
    final String settle;

    /** The values of a parsed command that {@link #declare} set up. */
    PulseOptions(CommandSpec parsed) {
        super(parsed);
        summary = value(parsed, "--summary");
        source = value(parsed, "--source");
        services = list(parsed, "--service");
        environments = list(parsed, "--environment");
        labels = list(parsed, "--label");
        refs = list(parsed, "--ref");
        externalUrl = value(parsed, "--external-url");
        startedAt = value(parsed, "--started-at");
        endedAt = value(parsed, "--ended-at");
        data = value(parsed, "--data");
        waitForTriggered = value(parsed, "--wait-for-triggered");
        settle = value(parsed, "--settle");
    }

    /**
     * A repeatable option's values. Given on the command line, each is one item; from a GitHub Actions input (one
     * value for the whole list), each line is one item and blank lines are skipped.
     */
    private List<String> list(CommandSpec parsed, String name) {
        List<String> values = value(parsed, name);
        if (values == null) {
            return List.of();
        }
        if (given.contains(name)) {
            return List.copyOf(values);
        }
        return values.stream()
                .flatMap(String::lines)
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Adds the pulse options to a command, in the order --help lists them. */
    static void declare(CommandSpec spec) {
        add(spec, text("--summary", "TEXT", "What changed, on one line (required), e.g. 'Deploy api 1.4.2'."));
        declareAccess(spec);
        add(
                spec,
                text(
                        "--source",
                        "TEXT",
                        "Where the change comes from (default: the CI provider, e.g. github-actions, else "
                                + PulseSpec.DEFAULT_SOURCE + ")."));
        add(
                spec,
                repeatable(
                        "--service",
                        "<id|slug|name>",
                        "A service the change is about (repeatable); each must match exactly one, or nothing is"
                                + " created."));
        add(spec, repeatable("--environment", "<id|slug|name>", "An environment of the change (repeatable)."));
        add(
                spec,
                repeatable(
                        "--label", "KEY=VALUE", "A label; pulse workflows' conditions can match them (repeatable)."));
        add(
                spec,
                repeatable(
                        "--ref",
                        "KEY=VALUE",
                        "A reference (repeatable); commit_sha, build_url and ref come from the CI unless"
                                + " --no-ci-context."));
        add(spec, text("--external-url", "URL", "A link for the pulse, e.g. the deployment's page."));
        add(
                spec,
                text(
                        "--started-at",
                        "TIME",
                        "When the change started (default: now), ISO-8601 with an offset: 2026-03-01T12:00:00Z."));
        add(spec, text("--ended-at", "TIME", "When the change ended, ISO-8601 with an offset."));
        add(spec, text("--data", "JSON", "More data for the pulse, a JSON object."));
        add(
                spec,
                flag(
                        "--wait-for-triggered",
                        false,
                        "Find the workflow runs the pulse triggered, wait for them all, and exit with the worst"
                                + " outcome."));
        add(
                spec,
                text(
                                "--settle",
                                "DURATION",
                                "With --wait-for-triggered, how long to keep looking for runs after the last one"
                                        + " found (default ${DEFAULT-VALUE}).")
                        .defaultValue(Durations.format(PulseSpec.DEFAULT_SETTLE)));
        declareWait(spec, "the start of this command");
        declareOutput(spec, "ROOTLY_PULSE_*", "Do not add the CI refs (commit_sha, build_url, ref) to the pulse.");
    }

    /** The spec this invocation asks for; every problem is a UsageException naming the option. */
    PulseSpec toSpec(Environment env) {
        json();
        PulseSpec.Builder b = PulseSpec.builder()
                .apiUrl(apiUrl)
                .summary(summary)
                .source(source == null || source.isBlank() ? CiContext.pulseSource(env.variables()) : source)
                .services(services)
                .environments(environments);
        labels.forEach(b::label);
        refs.forEach(b::ref);
        b.externalUrl(externalUrl)
                .startedAt(startedAt)
                .endedAt(endedAt)
                .dataJson(data)
                .waitForTriggered(waitForTriggered)
                .settle(settle)
                .timeout(timeout)
                .pollInterval(pollInterval)
                .completedWithErrors(completedWithErrors)
                .ciRefs(noCiContext ? null : CiContext.pulseRefs(env.variables()));
        Token token = token(env);
        b.token(token.value(), token.source());
        return b.build();
    }

    @Override
    String flag(String field) {
        String flag = LIST_FLAGS.get(field);
        return flag != null ? flag : super.flag(field);
    }
}
