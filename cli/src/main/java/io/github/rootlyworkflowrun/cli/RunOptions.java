package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.ci.CiContext;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The run options of docs/contract.md (section 5), shared by the default command and {@code run}. Values missing from the command
 * line come from GitHub Actions inputs, then {@code ROOTLY_*} variables ({@link EnvironmentDefaults}).
 *
 * <p>Declared with picocli's programmatic API rather than annotations: reading annotations means reflection and a
 * generated proxy class per annotation type, about a tenth of a cold run (docs/performance.md, B1).
 */
final class RunOptions extends CommandOptions {
    final String workflow;
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

    /** The values of a parsed command that {@link #declare} set up. */
    RunOptions(CommandSpec parsed) {
        super(parsed);
        workflow = value(parsed, "--workflow");
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
    }

    /** Adds the run options to a command, in the order --help lists them. */
    static void declare(CommandSpec spec) {
        add(spec, text("--workflow", "<id|slug|name>", "Workflow to run (env ROOTLY_WORKFLOW)."));
        declareAccess(spec);
        add(spec, text("--incident-id", "ID", "Run for this incident."));
        add(spec, text("--post-mortem-id", "ID", "Run for this post-mortem (retrospective)."));
        add(spec, text("--action-item-id", "ID", "Run for this action item."));
        add(spec, text("--alert-id", "ID", "Run for this alert."));
        add(spec, text("--pulse-id", "ID", "Run for this pulse. At most one target id may be given."));
        add(spec, text("--context", "JSON", "Context for the run, a JSON object."));
        add(spec, text("--context-file", "PATH", "Read the context JSON object from a file ('-' for stdin)."));
        add(spec, repeatable("--context-entry", "KEY=VALUE", "Add one context entry (repeatable; merged last)."));
        add(spec, flag("--immediate", true, "Skip the wait configured on the workflow (default ${DEFAULT-VALUE})."));
        add(
                spec,
                flag(
                        "--check-conditions",
                        false,
                        "Let Rootly refuse the run when the workflow's conditions are not met."));
        add(spec, flag("--wait", false, "Wait until the run finishes and exit with its outcome."));
        declareWait(spec, "creation");
        declareOutput(
                spec,
                "ROOTLY_WORKFLOW_RUN_*",
                "Do not add context.ci (provider, build URL, commit...);"
                        + " also turns off recognising our run after a lost answer.");
    }

    /** The spec this invocation asks for; every problem is a UsageException naming the option. */
    RunSpec toSpec(Environment env, InputStream stdin) {
        json();
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
        Token token = token(env);
        b.token(token.value(), token.source());
        return b.build();
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
}
