package io.jenkins.plugins.rootly;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.github.rootlyworkflowrun.api.RootlyClient;
import io.github.rootlyworkflowrun.engine.RunEngine;
import io.github.rootlyworkflowrun.engine.Scheduler;
import io.jenkins.plugins.okhttp.api.JenkinsOkHttpClient;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The controller's services. Every wait is a task on Jenkins' shared {@link Timer}; each due task's HTTP call runs on
 * a small pool of its own (at most {@value #IO_THREADS} threads), so no build, executor or timer thread ever waits on
 * Rootly. HTTP goes through okhttp-api, so Jenkins' proxy settings apply.
 */
final class JenkinsRootlyServices implements RootlyServices {
    static final JenkinsRootlyServices INSTANCE = new JenkinsRootlyServices();
    static final int IO_THREADS = 4;

    private volatile RunEngine engine;
    /** The timer the engine was built on: a controller that starts again in the same JVM has a new one. */
    private volatile ScheduledExecutorService engineTimer;

    private JenkinsRootlyServices() {}

    @Override
    @NonNull
    public RunEngine engine() {
        RunEngine e = engine;
        ScheduledExecutorService timer = Timer.get();
        if (e == null || engineTimer != timer) {
            synchronized (this) {
                e = engine;
                if (e == null || engineTimer != timer) {
                    // Jenkins shuts its timer down when it stops; an engine on the old one could schedule nothing
                    // (as when the test harness restarts a controller in the same JVM).
                    engineTimer = timer;
                    engine = e = RunEngine.builder()
                            .scheduler(Scheduler.of(timer, ioPool()))
                            .httpClient(JenkinsOkHttpClient.newClientBuilder(
                                            RootlyClient.defaultHttpClient().build())
                                    .build())
                            .userAgentSuffix("jenkins")
                            .build();
                }
            }
        }
        return e;
    }

    private static ThreadPoolExecutor ioPool() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "rootly-workflow-run-io-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Override
    @NonNull
    public String token(@NonNull Run<?, ?> run, @NonNull String credentialsId, @NonNull String apiUrl)
            throws IOException {
        StringCredentials credentials = CredentialsProvider.findCredentialById(
                credentialsId,
                StringCredentials.class,
                run,
                URIRequirementBuilder.fromUri(apiUrl).build());
        if (credentials == null) {
            throw RootlyServices.usage("no Secret text credential '" + credentialsId + "' is visible to this job;"
                    + " add one, or set credentialsId to an existing one");
        }
        // findCredentialById does not record the use of a plain id, so record it here.
        CredentialsProvider.track(run, credentials);
        return credentials.getSecret().getPlainText();
    }

    @Override
    public String rootUrl() {
        return Jenkins.get().getRootUrl();
    }

    @Override
    @NonNull
    public Clock clock() {
        return Clock.systemUTC(); // the engine's, which is built with the default clock
    }

    @Override
    @NonNull
    public Defaults defaults() {
        return RootlyGlobalConfiguration.get().defaults();
    }

    @Override
    public String webhookSecret() {
        return RootlyGlobalConfiguration.get().webhookSecret();
    }
}
