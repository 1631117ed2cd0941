package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import io.github.rootlyworkflowrun.cli.report.ConsoleReporter;
import io.github.rootlyworkflowrun.cli.report.DotenvReporter;
import io.github.rootlyworkflowrun.cli.report.GitHubActionsReporter;
import io.github.rootlyworkflowrun.cli.report.JsonReporter;
import io.github.rootlyworkflowrun.cli.report.Reporter;
import io.github.rootlyworkflowrun.cli.report.RunReport;
import io.github.rootlyworkflowrun.cli.report.WorkflowCommandGuard;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/** One run of the runner: options to spec, engine to result, result to every reporter, outcome to exit code. */
final class Invocation {
    private final Environment env;
    private final InputStream stdin;
    private final PrintStream out;
    private final WorkflowCommandGuard guard;
    private final PrintStream log;
    private final Interruption interruption;

    /** An invocation without signal handling (the demo, in-process tests). */
    Invocation(Environment env, InputStream stdin, PrintStream out, PrintStream err) {
        this(env, stdin, out, err, null);
    }

    /**
     * {@code interruption} null: no signal handling (in-process tests). In GitHub Actions every line of text goes
     * through a {@link WorkflowCommandGuard}, so no text can act as a workflow command.
     */
    Invocation(Environment env, InputStream stdin, PrintStream out, PrintStream err, Interruption interruption) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.guard = env.isGitHubActions() ? new WorkflowCommandGuard(err) : null;
        this.log = guard == null ? err : guard.text();
        this.interruption = interruption;
    }

    /** Where human text goes: stderr, defused in GitHub Actions. */
    PrintStream log() {
        return log;
    }

    int run(RunOptions options) {
        long startedNanos = System.nanoTime();
        boolean json = options.output.equals("json");
        String dotenvProblem = options.dotenv == null ? null : DotenvReporter.unwritable(options.dotenv);
        Path dotenv = dotenvProblem == null ? options.dotenv : null;
        RunSpec spec;
        Duration requestTimeout;
        ProxyEnvironment proxies;
        try {
            if (dotenvProblem != null) {
                throw new UsageException("dotenv", "cannot write " + options.dotenv + " (" + dotenvProblem + ")");
            }
            spec = options.toSpec(env, stdin);
            requestTimeout = options.requestTimeout();
            proxies = ProxyEnvironment.from(env, spec.apiUrl());
        } catch (UsageException e) {
            return usageError(new ReportOnce(reporters(json, dotenv, false)), e.message(f -> options.name(f, env)));
        } catch (ProxyEnvironment.BadProxyVariable e) {
            return usageError(new ReportOnce(reporters(json, dotenv, false)), e.getMessage());
        }
        ReportOnce reports = new ReportOnce(reporters(json, dotenv, true));
        String target = spec.target() == null
                ? ""
                : " for " + spec.target().kind().parameter() + " "
                        + spec.target().id();
        reports.begin("Rootly workflow run: " + spec.workflow() + target + " at " + spec.apiUrl()
                + (spec.waitForCompletion() ? ", waiting up to " + options.timeout : ""));
        AtomicInteger requests = new AtomicInteger();
        Seen seen = new Seen();
        if (interruption != null) {
            interruption.onShutdown(exit -> interrupted(reports, spec, seen, requests, startedNanos, exit));
        }
        RunEngine engine = RunEngine.builder()
                .httpClient(proxies.applyTo(httpClient(spec.apiUrl(), options.verbose, requestTimeout, requests)
                                .newBuilder())
                        .build())
                .userAgentSuffix("cli" + (env.isGitHubActions() ? "; github-actions" : ""))
                .build();
        RunResult result = engine.run(spec, event -> {
                    seen.on(event);
                    reports.progress(event);
                })
                .join();
        int exit = result.outcome().exitCode(spec.completedWithErrors());
        if (!reports.finish(new RunReport(result), exit)) {
            // An interruption won the race and wrote the outputs; let it end the process.
            awaitQuietly(reports);
        }
        return exit;
    }

    /** What the engine reported so far, for an interruption to tell. */
    private static final class Seen {
        private volatile String workflowId;
        private volatile String workflowName;
        private volatile WorkflowRun run;

        void on(ProgressEvent event) {
            if (event instanceof ProgressEvent.WorkflowResolved r) {
                workflowId = r.workflow().id();
                workflowName = r.workflow().name();
            } else if (event instanceof ProgressEvent.RunCreated c) {
                run = c.run();
            } else if (event instanceof ProgressEvent.StatusChanged s && run != null) {
                WorkflowRun r = run;
                run = new WorkflowRun(
                        r.id(),
                        r.kind(),
                        s.status(),
                        s.statusMessage(),
                        r.triggeredBy(),
                        r.workflowId(),
                        r.workflowName(),
                        r.incidentId(),
                        r.postMortemId(),
                        r.actionItemId(),
                        r.alertId(),
                        r.pulseId(),
                        r.queuedAt(),
                        r.startedAt(),
                        r.completedAt(),
                        r.failedAt(),
                        r.canceledAt(),
                        r.createdAt(),
                        r.updatedAt(),
                        r.context());
            }
        }
    }

    /** The shutdown hook's work: one line, then every output, unless the run's own ending already wrote them. */
    private void interrupted(
            ReportOnce reports, RunSpec spec, Seen seen, AtomicInteger requests, long startedNanos, int exit) {
        WorkflowRun run = seen.run;
        String name = seen.workflowName != null ? seen.workflowName : spec.workflow();
        String message;
        Outcome outcome;
        if (run != null) {
            outcome = Outcome.CREATED;
            message = "interrupted; run " + run.id() + " of " + name + " goes on in Rootly"
                    + (run.status() != null ? " (last seen " + run.status() + ")" : "")
                    + "; Rootly has no cancel API, so check or stop it there";
        } else if (seen.workflowId != null) {
            outcome = Outcome.REJECTED_OR_UNREACHABLE;
            message = "interrupted while creating a run of " + name + "; Rootly may have created it: look for"
                    + (spec.requestId() != null
                            ? " context.ci.request_id " + spec.requestId()
                            : " a new run of the workflow")
                    + " before you run this again";
        } else {
            outcome = Outcome.REJECTED_OR_UNREACHABLE;
            message = "interrupted before a run was requested; nothing was created in Rootly";
        }
        RunResult result = new RunResult(
                outcome,
                message,
                run,
                seen.workflowId,
                seen.workflowName,
                Duration.ofNanos(System.nanoTime() - startedNanos),
                requests.get(),
                null);
        if (!reports.finish(new RunReport(result), exit, () -> log.println("rootly-workflow-run: " + message))) {
            awaitQuietly(reports);
        }
    }

    private static void awaitQuietly(ReportOnce reports) {
        try {
            reports.awaitWritten(Interruption.BOUND_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Bad input found by the parser: one line naming the option and the fix; the JSON, dotenv and GitHub outputs
     * are still written where the arguments ask for them; nothing sent, exit 2.
     */
    int parseError(String message, boolean json, Path dotenv) {
        Path usable = dotenv != null && DotenvReporter.unwritable(dotenv) == null ? dotenv : null;
        return usageError(new ReportOnce(reporters(json, usable, false)), message);
    }

    private int usageError(ReportOnce reports, String message) {
        RunResult result = RunResult.usageError(message);
        int exit = result.outcome().exitCode(RunSpec.DEFAULT_COMPLETED_WITH_ERRORS);
        reports.begin("Rootly workflow run: invalid input");
        reports.finish(new RunReport(result), exit);
        log.println("rootly-workflow-run: " + message);
        return exit;
    }

    /** {@code console} false leaves the console out: a usage error prints its own single line instead. */
    private List<Reporter> reporters(boolean json, Path dotenv, boolean console) {
        List<Reporter> reporters = new ArrayList<>();
        if (guard != null) {
            // Mask every token we might read, before anything is printed.
            List<String> secrets = new ArrayList<>();
            secrets.add(env.gitHubInput("api-token"));
            secrets.add(env.get("ROOTLY_API_TOKEN"));
            reporters.add(new GitHubActionsReporter(env.variables(), secrets, guard));
        }
        if (console) {
            reporters.add(new ConsoleReporter(log, guard != null));
        }
        if (json) {
            reporters.add(new JsonReporter(out));
        }
        if (dotenv != null) {
            reporters.add(new DotenvReporter(dotenv, log));
        }
        return reporters;
    }

    private OkHttpClient httpClient(String apiUrl, boolean verbose, Duration requestTimeout, AtomicInteger requests) {
        OkHttpClient.Builder b = RootlyClient.defaultHttpClient()
                .readTimeout(requestTimeout)
                .writeTimeout(requestTimeout)
                .callTimeout(requestTimeout.multipliedBy(2));
        if (apiUrl.regionMatches(true, 0, "http:", 0, 5)) {
            // A plain-HTTP API (the emulator, a local proxy) needs no TLS. OkHttp loads the trust store when a
            // client that allows TLS is built, which is about a fifth of a cold start. Redirects are never
            // followed (RootlyClient), so this client cannot be led to an https address.
            b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
        }
        // Counted here, not in the engine, so that an interruption can still say how many requests were made.
        b.addNetworkInterceptor(chain -> {
            requests.incrementAndGet();
            return chain.proceed(chain.request());
        });
        if (verbose) {
            b.addNetworkInterceptor(chain -> {
                long start = System.nanoTime();
                var request = chain.request();
                log.println("--> " + request.method() + " " + request.url());
                var response = chain.proceed(request);
                log.println("<-- " + response.code() + " " + request.method() + " "
                        + request.url().encodedPath() + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
                return response;
            });
        }
        return b.build();
    }
}
