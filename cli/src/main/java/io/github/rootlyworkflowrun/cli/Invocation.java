package io.github.rootlyworkflowrun.cli;

import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.cli.report.ConsoleReporter;
import io.github.rootlyworkflowrun.cli.report.DotenvReporter;
import io.github.rootlyworkflowrun.cli.report.GitHubActionsReporter;
import io.github.rootlyworkflowrun.cli.report.JsonReporter;
import io.github.rootlyworkflowrun.cli.report.Reporter;
import io.github.rootlyworkflowrun.engine.CompletedWithErrorsPolicy;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.RunResult;
import io.github.rootlyworkflowrun.engine.RunSpec;
import io.github.rootlyworkflowrun.engine.UsageException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/** One run of the runner: options to spec, engine to result, result to every reporter, outcome to exit code. */
final class Invocation {
    private final Environment env;
    private final InputStream stdin;
    private final PrintStream out;
    private final PrintStream err;

    Invocation(Environment env, InputStream stdin, PrintStream out, PrintStream err) {
        this.env = env;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
    }

    int run(RunOptions options) {
        List<Reporter> reporters = reporters(options.output.equals("json"), options.dotenv);
        RunSpec spec;
        java.time.Duration requestTimeout;
        ProxyEnvironment proxies;
        try {
            spec = options.toSpec(env, stdin);
            requestTimeout = options.requestTimeout();
            proxies = ProxyEnvironment.from(env, spec.apiUrl());
        } catch (UsageException e) {
            return usageError(reporters, e.message(RunOptions::flag));
        } catch (ProxyEnvironment.BadProxyVariable e) {
            return usageError(reporters, e.getMessage());
        }
        String target = spec.target() == null
                ? ""
                : " for " + spec.target().kind().parameter() + " "
                        + spec.target().id();
        reporters.forEach(r -> r.begin("Rootly workflow run: " + spec.workflow() + target + " at " + spec.apiUrl()
                + (spec.waitForCompletion() ? ", waiting up to " + options.timeout : "")));
        RunEngine engine = RunEngine.builder()
                .httpClient(proxies.applyTo(httpClient(spec.apiUrl(), options.verbose, requestTimeout)
                                .newBuilder())
                        .build())
                .userAgentSuffix("cli" + (env.isGitHubActions() ? "; github-actions" : ""))
                .build();
        RunResult result = engine.run(spec, event -> reporters.forEach(r -> r.progress(event)))
                .join();
        int exit = result.outcome().exitCode(spec.completedWithErrors());
        reporters.forEach(r -> r.finish(result, spec.completedWithErrors(), exit));
        return exit;
    }

    /** Bad input: one line naming the option and the fix, outputs still written, nothing sent, exit 2. */
    int usageError(String message) {
        return usageError(reporters(false, null), message);
    }

    private int usageError(List<Reporter> reporters, String message) {
        RunResult result = RunResult.usageError(message);
        int exit = result.outcome().exitCode(CompletedWithErrorsPolicy.UNSTABLE);
        reporters.stream().filter(r -> !(r instanceof ConsoleReporter)).forEach(r -> {
            r.begin("Rootly workflow run: invalid input");
            r.finish(result, CompletedWithErrorsPolicy.UNSTABLE, exit);
        });
        err.println("rootly-workflow-run: " + message);
        return exit;
    }

    private List<Reporter> reporters(boolean json, java.nio.file.Path dotenv) {
        List<Reporter> reporters = new ArrayList<>();
        if (env.isGitHubActions()) {
            // Mask every token we might read, before anything is printed.
            List<String> secrets = new ArrayList<>();
            secrets.add(env.gitHubInput("api-token"));
            secrets.add(env.get("ROOTLY_API_TOKEN"));
            reporters.add(new GitHubActionsReporter(env.variables(), secrets, err));
        }
        // In GitHub Actions the ::error annotation states a failing outcome; the console line would repeat it.
        reporters.add(new ConsoleReporter(err, env.isGitHubActions()));
        if (json) {
            reporters.add(new JsonReporter(out));
        }
        if (dotenv != null) {
            reporters.add(new DotenvReporter(dotenv, err));
        }
        return reporters;
    }

    private OkHttpClient httpClient(String apiUrl, boolean verbose, java.time.Duration requestTimeout) {
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
        if (verbose) {
            b.addNetworkInterceptor(chain -> {
                long start = System.nanoTime();
                var request = chain.request();
                err.println("--> " + request.method() + " " + request.url());
                var response = chain.proceed(request);
                err.println("<-- " + response.code() + " " + request.method() + " "
                        + request.url().encodedPath() + " (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
                return response;
            });
        }
        return b.build();
    }
}
