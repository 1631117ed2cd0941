package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.RootlyClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/** The commands: the default (a run), {@code run}, and the version text they share. */
final class Commands {
    private Commands() {}

    /** {@code rootly-workflow-run [options]}: without a subcommand, a run. */
    @Command(
            name = "rootly-workflow-run",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            usageHelpAutoWidth = true,
            description = {
                "Create a Rootly workflow run, optionally wait for it, and exit with its outcome.",
                "The API token comes from ROOTLY_API_TOKEN or --token-file; logs go to stderr."
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:created, or completed (or completed_with_errors with --completed-with-errors success)",
                "1:failed (or completed_with_errors with --completed-with-errors failure)",
                "2:bad input; nothing was sent to Rootly",
                "3:canceled",
                "4:timed out while queued or started (the run goes on in Rootly)",
                "5:rejected by Rootly (401/403/404/415/422), unreachable, or outcome unknown",
                "6:completed_with_errors (the default policy, unstable)"
            },
            footer = {
                "%nExample:%n  ROOTLY_API_TOKEN=... rootly-workflow-run --workflow deploy-notify --wait --timeout 15m",
                "  rootly-workflow-run demo   # the whole flow against a built-in emulator, no account needed"
            })
    static final class Root implements Callable<Integer> {
        @Mixin
        RunOptions options;

        private final Invocation invocation;

        Root(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            return invocation.run(options);
        }
    }

    /** {@code rootly-workflow-run run [options]}: the same as the default. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            description = "Create a Rootly workflow run (the default command).")
    static final class Run implements Callable<Integer> {
        @Mixin
        RunOptions options;

        private final Invocation invocation;

        Run(Invocation invocation) {
            this.invocation = invocation;
        }

        @Override
        public Integer call() {
            return invocation.run(options);
        }
    }

    /** The version line for --version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rootly-workflow-run " + RootlyClient.version()};
        }
    }
}
