package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.Pulse;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.api.WorkflowRun;
import io.github.rootlyworkflowrun.cli.report.ConsoleReporter;
import io.github.rootlyworkflowrun.cli.report.DotenvReporter;
import io.github.rootlyworkflowrun.cli.report.GitHubActionsReporter;
import io.github.rootlyworkflowrun.cli.report.JsonReporter;
import io.github.rootlyworkflowrun.cli.report.PulseReport;
import io.github.rootlyworkflowrun.cli.report.Report;
import io.github.rootlyworkflowrun.cli.report.Reporter;
import io.github.rootlyworkflowrun.cli.report.RunReport;
import io.github.rootlyworkflowrun.cli.report.WorkflowCommandGuard;
import io.github.rootlyworkflowrun.engine.Outcome;
import io.github.rootlyworkflowrun.engine.ProgressEvent;
import io.github.rootlyworkflowrun.engine.ProgressListener;
import io.github.rootlyworkflowrun.engine.PulseResult;
import io.github.rootlyworkflowrun.engine.PulseSpec;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * One run of the runner, a workflow run or a pulse: options to spec, engine to result, result to every reporter,
 * outcome to exit code.
 */
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
        Started<RunSpec> s = start(
                options,
                () -> options.toSpec(env, stdin),
                RunSpec::apiUrl,
                message -> new RunReport(RunResult.usageError(message)));
        if (s.spec() == null) {
            return s.exit();
        }
        RunSpec spec = s.spec();
        String target = spec.target() == null
                ? ""
                : " for " + spec.target().kind().parameter() + " "
                        + spec.target().id();
        s.reports()
                .begin("Rootly workflow run: " + spec.workflow() + target + " at " + spec.apiUrl()
                        + (spec.waitForCompletion() ? ", waiting up to " + options.timeout : ""));
        Seen seen = new Seen();
        onInterrupt(s, exit -> new RunReport(interrupted(spec, seen, s)));
        RunResult result = s.engine().run(spec, s.listener(seen::on)).join();
        return end(s.reports(), new RunReport(result), result.outcome().exitCode(spec.completedWithErrors()));
    }

    int pulse(PulseOptions options) {
        Started<PulseSpec> s = start(
                options,
                () -> options.toSpec(env),
                PulseSpec::apiUrl,
                message -> new PulseReport(PulseResult.usageError(message)));
        if (s.spec() == null) {
            return s.exit();
        }
        PulseSpec spec = s.spec();
        s.reports()
                .begin("Rootly pulse: " + spec.summary() + " at " + spec.apiUrl()
                        + (spec.waitForTriggered()
                                ? ", waiting up to " + options.timeout + " for the runs it triggers"
                                : ""));
        PulseSeen seen = new PulseSeen();
        onInterrupt(s, exit -> new PulseReport(interrupted(spec, seen, s)));
        PulseResult result = s.engine().pulse(spec, s.listener(seen::on)).join();
        return end(s.reports(), new PulseReport(result), result.exitCode());
    }

    /**
     * A command past its input checks: the spec, the reporters, an engine whose HTTP client counts the requests;
     * or, when the input was bad, no spec and the exit code of the usage error already reported.
     */
    private record Started<S>(
            S spec, int exit, ReportOnce reports, RunEngine engine, Traffic traffic, long startedNanos) {

        /** Tells {@code seen}, then every reporter, of each event. */
        ProgressListener listener(Consumer<ProgressEvent> seen) {
            return event -> {
                seen.accept(event);
                reports.progress(event);
            };
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
    }

    /** Checks the input every command shares and its own (through {@code specOf}); builds the engine. */
    private <S> Started<S> start(
            CommandOptions options,
            Supplier<S> specOf,
            Function<S, String> apiUrlOf,
            Function<String, Report> usageReport) {
        long startedNanos = System.nanoTime();
        boolean json = options.output.equals("json");
        String dotenvProblem = options.dotenv == null ? null : DotenvReporter.unwritable(options.dotenv);
        Path dotenv = dotenvProblem == null ? options.dotenv : null;
        S spec;
        Duration requestTimeout;
        ProxyEnvironment proxies;
        String problem;
        try {
            if (dotenvProblem != null) {
                throw new UsageException("dotenv", "cannot write " + options.dotenv + " (" + dotenvProblem + ")");
            }
            spec = specOf.get();
            requestTimeout = options.requestTimeout();
            proxies = ProxyEnvironment.from(env, apiUrlOf.apply(spec));
            problem = null;
        } catch (UsageException e) {
            spec = null;
            requestTimeout = null;
            proxies = null;
            problem = e.message(f -> options.name(f, env));
        } catch (ProxyEnvironment.BadProxyVariable e) {
            spec = null;
            requestTimeout = null;
            proxies = null;
            problem = e.getMessage();
        }
        if (problem != null) {
            int exit = usageError(new ReportOnce(reporters(json, dotenv, false)), usageReport.apply(problem));
            return new Started<>(null, exit, null, null, null, startedNanos);
        }
        Traffic traffic = new Traffic();
        RunEngine engine = RunEngine.builder()
                .httpClient(proxies.applyTo(httpClient(apiUrlOf.apply(spec), options.verbose, requestTimeout, traffic)
                                .newBuilder())
                        .build())
                .userAgentSuffix("cli" + (env.isGitHubActions() ? "; github-actions" : ""))
                .build();
        return new Started<>(spec, 0, new ReportOnce(reporters(json, dotenv, true)), engine, traffic, startedNanos);
    }

    /** Writes the result, unless an interruption already did; then its exit code stands. */
    private static int end(ReportOnce reports, Report report, int exit) {
        if (!reports.finish(report, exit)) {
            // An interruption won the race and wrote the outputs; let it end the process.
            awaitQuietly(reports);
        }
        return exit;
    }

    /**
     * On SIGTERM/SIGINT: one line (the report's message), then every output, unless the command's own ending
     * already wrote them.
     */
    private void onInterrupt(Started<?> s, IntFunction<Report> report) {
        if (interruption == null) {
            return;
        }
        interruption.onShutdown(exit -> {
            Report r = report.apply(exit);
            if (!s.reports().finish(r, exit, () -> log.println("rootly-workflow-run: " + r.message()))) {
                awaitQuietly(s.reports());
            }
        });
    }

    /** The HTTP requests of one invocation, counted where they leave, so an interruption can still tell them. */
    private static final class Traffic {
        private final AtomicInteger requests = new AtomicInteger();
        private volatile boolean posted;

        int requests() {
            return requests.get();
        }

        /** Whether a create (a POST) has been sent, answered or not. */
        boolean posted() {
            return posted;
        }
    }

    /** A run as last seen, with the status a StatusChanged event reported. */
    private static WorkflowRun withStatus(WorkflowRun r, ProgressEvent.StatusChanged s) {
        return new WorkflowRun(
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

    /** What the engine reported so far of a workflow run, for an interruption to tell. */
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
                run = withStatus(run, s);
            }
        }
    }

    /** A workflow run's result when interrupted: created (it goes on in Rootly), or possibly, or not at all. */
    private RunResult interrupted(RunSpec spec, Seen seen, Started<?> s) {
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
        return new RunResult(
                outcome,
                message,
                run,
                seen.workflowId,
                seen.workflowName,
                s.elapsed(),
                s.traffic().requests(),
                null);
    }

    /** What the engine reported so far of a pulse and the runs it triggered, for an interruption to tell. */
    private static final class PulseSeen {
        private volatile Pulse pulse;
        /** Runs by id, in the order found, as last seen; with the workflow's name the event gave. */
        private final Map<String, WorkflowRun> runs = new LinkedHashMap<>();

        private final Map<String, String> workflows = new HashMap<>();

        synchronized void on(ProgressEvent event) {
            if (event instanceof ProgressEvent.PulseCreated c) {
                pulse = c.pulse();
            } else if (event instanceof ProgressEvent.TriggeredRunFound f) {
                runs.put(f.run().id(), f.run());
                workflows.put(f.run().id(), f.workflow());
            } else if (event instanceof ProgressEvent.StatusChanged s && runs.containsKey(s.runId())) {
                runs.put(s.runId(), withStatus(runs.get(s.runId()), s));
            }
        }

        synchronized List<WorkflowRun> runs() {
            return List.copyOf(runs.values());
        }

        synchronized String workflow(WorkflowRun run) {
            return run.workflowName() != null ? run.workflowName() : workflows.get(run.id());
        }
    }

    /**
     * A pulse's result when interrupted: the pulse exists and the runs found go on in Rootly; or the create was
     * sent and may have made one; or nothing was sent.
     */
    private PulseResult interrupted(PulseSpec spec, PulseSeen seen, Started<?> s) {
        Pulse pulse = seen.pulse;
        List<WorkflowRun> found = seen.runs();
        List<RunResult> runs = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (WorkflowRun run : found) {
            String workflow = seen.workflow(run);
            runs.add(new RunResult(
                    Outcome.CREATED,
                    "run " + run.id() + " goes on in Rootly",
                    run,
                    run.workflowId(),
                    workflow,
                    s.elapsed(),
                    0,
                    null));
            named.add(run.id() + " of " + workflow + (run.status() != null ? " (last seen " + run.status() + ")" : ""));
        }
        Outcome outcome = pulse != null ? Outcome.CREATED : Outcome.REJECTED_OR_UNREACHABLE;
        String message;
        if (pulse != null && !found.isEmpty()) {
            message = "interrupted; the runs pulse " + pulse.id() + " triggered go on in Rootly: "
                    + String.join(", ", named) + "; Rootly has no cancel API, so check or stop them there";
        } else if (pulse != null) {
            message = "interrupted; pulse " + pulse.id() + " was created"
                    + (spec.waitForTriggered()
                            ? " and no run it triggered was found yet; any it starts go on in Rootly"
                            : "");
        } else if (s.traffic().posted()) {
            message = "interrupted while creating the pulse; Rootly may have created it: look for a pulse with ref "
                    + PulseSpec.REQUEST_ID_REF + "=" + spec.requestId() + " before you run this again";
        } else {
            message = "interrupted before the pulse was requested; nothing was created in Rootly";
        }
        return new PulseResult(
                outcome,
                message,
                pulse == null ? null : pulse.id(),
                pulse != null && pulse.summary() != null ? pulse.summary() : spec.summary(),
                pulse != null && pulse.source() != null ? pulse.source() : spec.source(),
                runs,
                s.elapsed(),
                s.traffic().requests(),
                spec.completedWithErrors(),
                null);
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
    int parseError(String message, boolean json, Path dotenv, boolean pulse) {
        Path usable = dotenv != null && DotenvReporter.unwritable(dotenv) == null ? dotenv : null;
        Report report =
                pulse ? new PulseReport(PulseResult.usageError(message)) : new RunReport(RunResult.usageError(message));
        return usageError(new ReportOnce(reporters(json, usable, false)), report);
    }

    private int usageError(ReportOnce reports, Report report) {
        int exit = report.outcome().exitCode(RunSpec.DEFAULT_COMPLETED_WITH_ERRORS);
        reports.begin(report.subject() + ": invalid input");
        reports.finish(report, exit);
        log.println("rootly-workflow-run: " + report.message());
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

    private OkHttpClient httpClient(String apiUrl, boolean verbose, Duration requestTimeout, Traffic traffic) {
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
            traffic.requests.incrementAndGet();
            if (chain.request().method().equals("POST")) {
                traffic.posted = true;
            }
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
